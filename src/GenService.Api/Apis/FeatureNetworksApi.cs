using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The feature networks of a dataset: the small CNNs, trained on its own images, whose features the evaluations use.</summary>
public static class FeatureNetworksApi
{
    public static IEndpointRouteBuilder MapFeatureNetworksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/datasets/{datasetId:guid}/feature-networks").WithTags("Evaluation");
        api.MapPost("/", TrainFeatureNetwork)
            .WithName("TrainFeatureNetwork")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Train a new version of the dataset's feature network: a classifier of its labels, or, without labels, of which "
                + "quarter turn an image was given. Evaluations train one themselves when the dataset has none.");
        api.MapGet("/", ListFeatureNetworks)
            .WithName("ListFeatureNetworks")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The dataset's feature networks, newest version first, with their held-out accuracy.");
        api.MapGet("/{id:guid}", GetFeatureNetwork)
            .WithName("GetFeatureNetwork")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One feature network: status, task and held-out accuracy.");
        return app;
    }

    public static async Task<Results<Accepted<FeatureNetworkResponse>, ProblemHttpResult>> TrainFeatureNetwork(
        Guid datasetId, FeatureNetworkService featureNetworks, CancellationToken cancellationToken)
    {
        var result = await featureNetworks.RequestAsync(datasetId, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Accepted($"/v1/datasets/{datasetId}/feature-networks/{result.Value!.Id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<FeatureNetworkResponse>>, ProblemHttpResult>> ListFeatureNetworks(
        Guid datasetId, FeatureNetworkService featureNetworks, CancellationToken cancellationToken) =>
        await featureNetworks.ListAsync(datasetId, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {datasetId} does not exist."));

    public static async Task<Results<Ok<FeatureNetworkResponse>, ProblemHttpResult>> GetFeatureNetwork(
        Guid datasetId, Guid id, FeatureNetworkService featureNetworks, CancellationToken cancellationToken) =>
        await featureNetworks.GetAsync(datasetId, id, cancellationToken) is { } featureNetwork
            ? TypedResults.Ok(featureNetwork)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {datasetId} has no feature network {id}."));
}
