namespace GenService.Api.Entities;

public enum TrainingRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
