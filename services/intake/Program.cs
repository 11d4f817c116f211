using Supervision.Intake.Extensions;
using Supervision.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseIntakePipeline();
app.MapDefaultEndpoints();
app.MapIntakeGrpc();

app.Run();
