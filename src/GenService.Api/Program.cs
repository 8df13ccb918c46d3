using GenService.Api.Apis;
using GenService.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.PrepareApplicationAsync();
app.UseApplicationPipeline();

app.MapSystemApi();
app.MapDatasetsApi();
app.MapTrainingRunsApi();
app.MapModelsApi();
app.MapEvaluationsApi();
app.MapFeatureNetworksApi();
app.MapGenerationsApi();

await app.RunAsync();

/// <summary>Entry point, public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
