using Supervision.DevTokens;

return DevTokenCommand.Run(args, Console.Out, Console.Error);
