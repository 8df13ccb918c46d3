namespace GenService.Api.Entities;

public enum ModelStatus
{
    Training,
    Ready,
    Failed,
    Canceled,
}
