using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The feature networks of a dataset: the small CNNs, trained on its own images, whose features the evaluations use.</summary>
public static class FeatureNetworksApi
{
    public static IEndpointRouteBuilder MapFeatureNetworksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/datasets/{datasetId:guid}/feature-networks").WithTags("Evaluation").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Train);
        api.MapPost("/", TrainFeatureNetwork)
            .WithName("TrainFeatureNetwork")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Train a new version of the dataset's feature network: a classifier of its labels, or, without labels, of which "
                + "quarter turn an image was given. Evaluations train one themselves when the dataset has none.")
            .WithDescription("Answers 202 with the new version and its Location to poll; "
                + "409 while a version of this dataset's feature network is still queued or training, or when the dataset cannot train one.");
        api.MapGet("/", ListFeatureNetworks)
            .WithName("ListFeatureNetworks")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The dataset's feature networks, newest version first, with their held-out accuracy.")
            .WithDescription("Answers 404 for an unknown dataset.");
        api.MapGet("/{id:guid}", GetFeatureNetwork)
            .WithName("GetFeatureNetwork")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One feature network: status, task and held-out accuracy.")
            .WithDescription("Poll it until its status is Ready or Failed.");
        return app;
    }

    public static async Task<Results<Accepted<FeatureNetworkResponse>, ProblemHttpResult>> TrainFeatureNetwork(
        [Description("The dataset's id.")] Guid datasetId, FeatureNetworkService featureNetworks, CancellationToken cancellationToken)
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
        [Description("The dataset's id.")] Guid datasetId, FeatureNetworkService featureNetworks, CancellationToken cancellationToken) =>
        await featureNetworks.ListAsync(datasetId, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {datasetId} does not exist."));

    public static async Task<Results<Ok<FeatureNetworkResponse>, ProblemHttpResult>> GetFeatureNetwork(
        [Description("The dataset's id.")] Guid datasetId,
        [Description("The feature network's id.")] Guid id,
        FeatureNetworkService featureNetworks,
        CancellationToken cancellationToken) =>
        await featureNetworks.GetAsync(datasetId, id, cancellationToken) is { } featureNetwork
            ? TypedResults.Ok(featureNetwork)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {datasetId} has no feature network {id}."));
}
