using System.Net;
using System.Net.Http.Json;
using GenService.Api.Nodes;
using GenService.Api.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.Configuration;

namespace GenService.Api.Tests.Nodes;

public class NodeRolesTests
{
    [Fact]
    public async Task ATrainingNodeAnswersHealthMetricsAndSystemButNoApiRoute()
    {
        using var factory = Node("training");
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/system")).StatusCode);
        await (await client.GetAsync("/v1/models")).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "needs a node with the role api");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { })).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "has the roles training");
        await (await client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/samples", new { })).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "role inference");
    }

    [Fact]
    public async Task AnApiNodeLeavesRoutesThatRunAModelToInferenceNodes()
    {
        using var factory = Node("api");
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/models")).StatusCode);
        await (await client.GetAsync($"/v1/models/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/samples", new { })).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "role inference");
        await (await client.GetAsync($"/v1/models/{Guid.NewGuid()}/memorisation")).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "role inference");
    }

    [Fact]
    public async Task AnInferenceNodeRunsModelsButKeepsNoRecords()
    {
        using var factory = Node("inference");
        var client = factory.CreateClient();

        await (await client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/samples", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/v1/datasets")).AssertProblemAsync(HttpStatusCode.MisdirectedRequest, "role api");
    }

    [Theory]
    [InlineData("api", new string[0])]
    [InlineData("inference", new[] { "generations" })]
    [InlineData("training, Evaluation", new[] { "evaluation", "training" })]
    [InlineData("", new[] { "evaluation", "generations", "training" })]
    public async Task ANodeServesTheJobQueuesOfItsRoles(string roles, string[] queues)
    {
        using var factory = Node(roles);
        factory.CreateClient();
        var storage = factory.GetService<JobStorage>().GetMonitoringApi();

        // The job servers announce themselves when they start, just after the host.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (storage.Servers().Count < queues.Length && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(queues, storage.Servers().SelectMany(server => server.Queues).Order());
        Assert.All(storage.Servers(), server => Assert.StartsWith("test-node:", server.Name));
    }

    [Fact]
    public void AnUnknownRoleStopsTheStartWithTheRolesThereAre()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Node:Roles"] = "api,trainer" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => NodeOptions.FromConfiguration(configuration));

        Assert.Contains("'trainer'", error.Message);
        Assert.Contains("api, inference, training, evaluation", error.Message);
    }

    private static GenServiceFactory Node(string roles)
    {
        var factory = new GenServiceFactory();
        factory.Settings["Node:Roles"] = roles;
        factory.Settings["Node:Name"] = "test-node";
        return factory;
    }
}
