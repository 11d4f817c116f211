using Supervision.Inspection.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.MapInspectionService();
app.Run();
