using GenService.Api.Auth;

namespace GenService.Api.Quotas;

/// <summary>Which routes take from an account's <see cref="GenerationRateLimiter"/> bucket: those of a marked
/// group that need the generate scope (samples, translate, text-to-image, POST generations, ...); its reads do not.</summary>
public static class GenerationRateLimitRoutes
{
    public static RouteGroupBuilder LimitGenerationRate(this RouteGroupBuilder group) => group.WithMetadata(Marker.Instance);

    public static bool IsLimited(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<Marker>() is not null && metadata.GetMetadata<RequiredScope>()?.Scope == ApiScope.Generate;

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
