namespace GenService.Api.Nodes;

/// <summary>
/// This process's name and roles, from "Node:Name" and "Node:Roles" (comma-separated, e.g. "api,inference";
/// by default all). Read once at start-up: the roles decide which job servers are registered.
/// </summary>
public sealed record NodeOptions(string Name, IReadOnlySet<NodeRole> Roles)
{
    public const string SectionName = "Node";

    public bool Has(NodeRole role) => Roles.Contains(role);

    /// <exception cref="InvalidOperationException">A role is not one of <see cref="NodeRole"/>, or none is given.</exception>
    public static NodeOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var name = section["Name"] is { Length: > 0 } given ? given : Environment.MachineName;
        var text = section["Roles"];
        if (string.IsNullOrWhiteSpace(text))
            return new NodeOptions(name, Enum.GetValues<NodeRole>().ToHashSet());

        var roles = new HashSet<NodeRole>();
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var role = Enum.GetValues<NodeRole>().Cast<NodeRole?>().FirstOrDefault(r => r.ToString()!.Equals(word, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"Node:Roles has '{word}', which is not a role; the roles are {string.Join(", ", Enum.GetNames<NodeRole>().Select(n => n.ToLowerInvariant()))}.");
            roles.Add(role);
        }
        if (roles.Count == 0)
            throw new InvalidOperationException("Node:Roles names no role; leave it empty for all of them.");
        return new NodeOptions(name, roles);
    }

    public override string ToString() => string.Join(",", Roles.Order().Select(r => r.ToString().ToLowerInvariant()));
}
