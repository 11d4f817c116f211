using Supervision.Routing.Extensions;
using Supervision.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRoutingPipeline();
app.MapDefaultEndpoints();
app.MapRoutingGrpc();

app.Run();
