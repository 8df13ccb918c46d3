using System.Text.Json;
using System.Text.Json.Serialization;
using GenService.Api.Accounts;
using GenService.Api.Auth;
using GenService.Api.Datasets;
using GenService.Api.Evaluation;
using GenService.Api.Generations;
using GenService.Api.Models;
using GenService.Api.Quotas;
using GenService.Api.Training;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace GenService.Api.OpenApi;

/// <summary>
/// The example body of each JSON request, as the document shows it and Swagger UI prefills it: a request
/// that succeeds when sent unchanged (given real ids), rather than the generator's {"format": "string"}.
/// Each sticks to values every model that offers the route accepts.
/// </summary>
internal sealed class RequestExamplesSchemaFilter(IOptions<JsonOptions> json) : ISchemaFilter
{
    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(ImportFashionMnistRequest)] = new ImportFashionMnistRequest("fashion-mnist-1000", FashionMnistSplitName.Train, 1000),
        [typeof(ImportFashionMnistCaptionsRequest)] = new ImportFashionMnistCaptionsRequest("fashion-mnist-captions-1000", Limit: 1000, HeldOutLimit: 200, CaptionsPerImage: 5, Seed: 1),
        [typeof(ImportLandscapeCaptionsRequest)] = new ImportLandscapeCaptionsRequest("landscape-captions-200", Count: 200, Size: 128, Seed: 1, CaptionsPerImage: 3),
        [typeof(ImportDebianPhotosRequest)] = new ImportDebianPhotosRequest("debian-photos"),
        [typeof(ImportCrowdsRequest)] = new ImportCrowdsRequest("crowds", TrainScenes: 16, ValidationScenes: 4, TestScenes: 4, Frames: 150, Seed: 1),
        [typeof(TrajectoryForecastRequest)] = new TrajectoryForecastRequest(
            [
                new ObservedPerson([[0.0, 1.0], [0.5, 1.0], [1.0, 1.05], [1.5, 1.1], [2.0, 1.1], [2.5, 1.15], [3.0, 1.2], [3.5, 1.2]]),
                new ObservedPerson([[6.0, 5.0], [6.0, 4.5], [6.05, 4.0], [6.1, 3.5], [6.1, 3.0], [6.1, 2.5], [6.15, 2.0], [6.2, 1.5]]),
            ],
            Samples: 20, Seed: 1, Format: TrajectoryOutput.Json),
        [typeof(ImportLandscapesRequest)] = new ImportLandscapesRequest("landscapes-200", Count: 200, Size: 128, Seed: 1),
        [typeof(StartTrainingRunRequest)] = new StartTrainingRunRequest(
            "vae",
            Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "fashion-vae",
            new Dictionary<string, JsonElement> { ["steps"] = JsonSerializer.SerializeToElement(500) },
            1),
        [typeof(EvaluationRequest)] = new EvaluationRequest(SampleCount: 500),
        [typeof(GenerationRequest)] = new GenerationRequest(Count: 16, Seed: 1, Format: ImageFormatName.Png),
        [typeof(TranslateRequest)] = new TranslateRequest(DatasetIndex: 0, Seed: 1, Format: ImageFormatName.Png),
        [typeof(SampleRequest)] = new SampleRequest(Count: 16, Seed: 1, Format: ImageFormatName.Png, Layout: SampleLayout.Grid),
        [typeof(InterpolateRequest)] = new InterpolateRequest(FromSeed: 1, ToSeed: 2, Steps: 8, Format: FramesFormatName.Png, Path: LatentPath.Slerp, Space: LatentSpace.Z),
        [typeof(StyleMixingRequest)] = new StyleMixingRequest(RowSeeds: [1, 2, 3], ColumnSeeds: [4, 5, 6], Styles: StyleGroup.Coarse, Format: ImageFormatName.Png),
        [typeof(CreateApiKeyRequest)] = new CreateApiKeyRequest("image-client", [ApiScope.Read, ApiScope.Generate]),
        [typeof(CreateAccountRequest)] = new CreateAccountRequest("acme", [ApiScope.Read, ApiScope.Generate, ApiScope.Train]),
        [typeof(SetQuotasRequest)] = new SetQuotasRequest(ConcurrentTrainingRuns: 4, StoredBytes: 50L * 1024 * 1024 * 1024, ImagesPerGeneration: 2000),
        [typeof(NoiseVariationRequest)] = new NoiseVariationRequest(Seed: 1, Count: 8, Format: FramesFormatName.Png),
        [typeof(TextToImagePromptsRequest)] = new TextToImagePromptsRequest(Prompts: ["a dark coat", "a light coat", "a dark sneaker", "a light sneaker"], Seed: 1, Format: ImageFormatName.Png, Stage: TextToImageStageName.II),
        [typeof(TextInterpolationRequest)] = new TextInterpolationRequest(FromPrompt: "a dark coat", ToPrompt: "a light sneaker", Seed: 1, Steps: 8, Format: FramesFormatName.Png, Stage: TextToImageStageName.II),
        [typeof(TextToImageRequest)] = new TextToImageRequest(Prompt: "a dark shirt with stripes", Count: 4, Seed: 1, Format: ImageFormatName.Png, Stage: TextToImageStageName.II),
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema body && context.MemberInfo is null && Examples.TryGetValue(context.Type, out var example))
        {
            // Only the fields the example sets: an explicit null would read as a choice a client must make.
            var options = new JsonSerializerOptions(json.Value.SerializerOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
            body.Example = JsonSerializer.SerializeToNode(example, context.Type, options);
        }
    }
}
