namespace GenService.Api.Auth;

/// <summary>What a key may do. Each route needs one scope; a key with <see cref="Admin"/> has them all.</summary>
public static class ApiScope
{
    /// <summary>Every GET of datasets, runs, models, evaluations, generations and the system.</summary>
    public const string Read = "read";

    /// <summary>Images computed for the request (samples, translate, super-resolve, label-map-to-image, ...) and generations.</summary>
    public const string Generate = "generate";

    /// <summary>Dataset uploads and imports, training runs, evaluations, feature networks, and deleting datasets and models.</summary>
    public const string Train = "train";

    /// <summary>Keys; and every other scope.</summary>
    public const string Admin = "admin";

    /// <summary>Not a scope keys are given: what a route needs that every key may call, whatever its scopes (GET /v1/account).</summary>
    public const string AnyKey = "any";

    /// <summary>All scopes, in their canonical order.</summary>
    public static readonly IReadOnlyList<string> All = [Read, Generate, Train, Admin];

    /// <summary>The claim an authenticated key carries once per scope it has.</summary>
    public const string ClaimType = "scope";

    /// <summary>The authorization policy of a scope: a key with that scope, or with <see cref="Admin"/>.</summary>
    public static string Policy(string scope) => $"scope:{scope}";
}
