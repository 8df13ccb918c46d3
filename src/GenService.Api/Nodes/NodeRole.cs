namespace GenService.Api.Nodes;

/// <summary>What one process of the service does; several processes on one PostgreSQL and one data folder
/// share the work by their roles (Node:Roles).</summary>
public enum NodeRole
{
    /// <summary>The /v1 routes that read and change records: datasets, runs, models, evaluations, generations.</summary>
    Api,

    /// <summary>The /v1 routes that run a model for the request (samples, translate, ...), and asynchronous
    /// generations (the "generations" job queue).</summary>
    Inference,

    /// <summary>Training runs (the "training" job queue).</summary>
    Training,

    /// <summary>Evaluations and feature networks (the "evaluation" job queue).</summary>
    Evaluation,
}
