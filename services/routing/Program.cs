using Supervision.Routing.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.MapRoutingService();
app.Run();
