namespace GenService.Api.Entities;

/// <summary>Why an evaluation was made.</summary>
public enum EvaluationTrigger
{
    /// <summary>Automatically, when the model's training run succeeded.</summary>
    Training,

    /// <summary>A client asked for it.</summary>
    Request,
}
