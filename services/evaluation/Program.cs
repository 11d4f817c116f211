using Supervision.Evaluation.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.MapEvaluationService();
app.Run();
