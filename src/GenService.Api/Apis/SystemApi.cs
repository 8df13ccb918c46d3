using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using GenService.Api.Auth;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Runtime;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GenService.Api.Apis;

public static class SystemApi
{
    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("System")
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Admin);
        api.MapGet("/system", GetSystem)
            .WithName("GetSystem")
            .WithSummary("Service version, compute devices and storage backends.")
            .WithDescription("What this server runs on: "
                + "the TorchSharp and libtorch it loaded, its compute devices, its database and job storage, and where it keeps its files.");
        api.MapGet("/architectures", GetArchitectures)
            .WithName("ListArchitectures")
            .WithSummary("Model families that can be trained, with what their models do, the datasets they train on, and their hyperparameters, defaults and ranges.")
            .WithDescription("For each family: "
                + "a summary, its capabilities (what its models can be asked to do), the dataset kinds it trains on, "
                + "and each hyperparameter with its default and its range or choices, by the names POST /v1/training-runs takes in hyperparameters.");
        return app;
    }

    public static Ok<SystemResponse> GetSystem(DatabaseOptions database, JobStorage jobStorage, IOptions<StorageOptions> storage)
    {
        var torch = TorchRuntime.Current;
        var version = typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return TypedResults.Ok(new SystemResponse(
            version.Split('+')[0],
            new TorchResponse(torch.TorchSharpVersion, torch.LibTorchDirectory, torch.CudaLibTorch, torch.LibStdCxxVersionPatched, torch.OneDnnConvolutions, torch.BatchInvariant, torch.Threads),
            torch.Devices.Select(d => new DeviceResponse(d.Name, d.Kind, d.Description)).ToList(),
            new StorageResponse(
                database.Provider.ToString().ToLowerInvariant(),
                jobStorage.GetType().Name.Contains("Postgre", StringComparison.OrdinalIgnoreCase) ? "postgres" : "in-memory",
                storage.Value.RootPath)));
    }

    public static Ok<List<ArchitectureResponse>> GetArchitectures(ModelFamilyCatalog families) =>
        TypedResults.Ok(families.All
            .OrderBy(f => f.Architecture, StringComparer.Ordinal)
            .Select(f => new ArchitectureResponse(
                f.Architecture,
                f.Summary,
                f.Capabilities.Order().Select(CapabilityCheck.Name).ToList(),
                f.DatasetKinds.Order().Select(CapabilityCheck.Name).ToList(),
                f.Hyperparameters.Select(ToResponse).ToList()))
            .ToList());

    private static HyperparameterResponse ToResponse(HyperparameterSpec spec) =>
        spec.Choices is { } choices
            ? new HyperparameterResponse(spec.Name, spec.Description, JsonSerializer.SerializeToElement(choices[(int)spec.Default]), null, null, false, choices, null)
            : new HyperparameterResponse(
                spec.Name, spec.Description, JsonSerializer.SerializeToElement(spec.Default), spec.Minimum, spec.Maximum, spec.IsInteger, null,
                spec.DefaultsByChoice is { } defaults ? new DefaultsByChoiceResponse(defaults.Choice, defaults.Values) : null);
}

public sealed record SystemResponse(string Version, TorchResponse Torch, IReadOnlyList<DeviceResponse> Devices, StorageResponse Storage);

/// <param name="OneDnnConvolutions">False when the start-up check found oneDNN's convolutions wrong on this CPU
/// and libtorch's own kernels are used instead (see Torch:OneDnnMaxCpuIsa).</param>
/// <param name="BatchInvariant">True when the start-up check found that at a fixed batch size an image's result
/// does not depend on the other images of its batch: what makes a seed's image the same bytes however the
/// service batched it.</param>
/// <param name="Threads">Threads libtorch uses inside one CPU operation (Torch:Threads; by default one per core).</param>
public sealed record TorchResponse(string TorchSharpVersion, string LibTorchDirectory, bool CudaLibTorch, bool LibStdCxxVersionPatched, bool OneDnnConvolutions, bool BatchInvariant, int Threads);

public sealed record DeviceResponse(string Name, string Kind, string Description);

/// <param name="Database">"sqlite" or "postgres".</param>
/// <param name="Jobs">Hangfire storage: "in-memory" or "postgres".</param>
/// <param name="DataDirectory">Folder holding datasets, checkpoints and models.</param>
public sealed record StorageResponse(string Database, string Jobs, string DataDirectory);

/// <param name="Capabilities">What its models do; a request for anything else is refused with 400.</param>
/// <param name="DatasetKinds">The kinds of dataset it trains on.</param>
public sealed record ArchitectureResponse(
    string Architecture,
    string Summary,
    [property: Description("What its models do: sample, reconstruct, interpolate, style-operations (truncation, style mixing, "
        + "noise variation, walks in W), translate (an input image to an output image), super-resolve (an image upscaled by the model's factor), label-map-to-image (a label map rendered into an image). A request for anything else is refused with 400.")] IReadOnlyList<string> Capabilities,
    [property: Description("The kinds of dataset it trains on: images (pictures of one shape), photos (each at its own size), pairs (A→B images), labelmaps (images with a class index per pixel).")] IReadOnlyList<string> DatasetKinds,
    IReadOnlyList<HyperparameterResponse> Hyperparameters);

/// <param name="Default">A number, or for a named option the name of its default.</param>
/// <param name="Minimum">Smallest allowed number; absent for a named option.</param>
/// <param name="Maximum">Largest allowed number; absent for a named option.</param>
/// <param name="Choices">The names a named option accepts; absent for a number.</param>
/// <param name="DefaultsByChoice">Present when the default depends on a named option (e.g. the learning rate on
/// a GAN's objective): the default under each of its choices; <paramref name="Default"/> is the one under the
/// option's default. A run that does not set this hyperparameter gets the value for its chosen option.</param>
public sealed record HyperparameterResponse(
    string Name,
    string Description,
    JsonElement Default,
    double? Minimum,
    double? Maximum,
    bool IsInteger,
    IReadOnlyList<string>? Choices,
    [property: Description("Present when the default depends on a named option: the default under each of its choices. "
        + "A run that does not set this hyperparameter gets the value for its chosen option.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DefaultsByChoiceResponse? DefaultsByChoice);

/// <param name="Choice">The named option the default follows.</param>
/// <param name="Defaults">The default under each of its choices, by choice name.</param>
public sealed record DefaultsByChoiceResponse(
    [property: Description("The named option the default follows, e.g. objective.")] string Choice,
    [property: Description("The default under each of its choices, by choice name.")] IReadOnlyDictionary<string, double> Defaults);
