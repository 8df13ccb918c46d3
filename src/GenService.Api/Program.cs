using GenService.Api.Apis;
using GenService.Api.Extensions;

// appsettings.json lives beside the program, wherever it is started from: `dotnet run` starts it in the
// repository root (for ./data), where a working-directory content root would miss the file and its log levels.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
app.MapKeysApi();
app.MapAccountsApi();
app.MapAccountApi();

await app.RunAsync();

/// <summary>Entry point, public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
