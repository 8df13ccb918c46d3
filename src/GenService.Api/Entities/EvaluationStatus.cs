namespace GenService.Api.Entities;

public enum EvaluationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
