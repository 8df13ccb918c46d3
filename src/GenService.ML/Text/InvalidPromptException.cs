namespace GenService.ML.Text;

/// <summary>A prompt (or caption) the tokenizer refuses: empty, whitespace only, or longer than the token limit.</summary>
/// <remarks>The message starts "The prompt …"; <see cref="Reason"/> is the same without its subject, for callers that
/// name the text themselves ("metadata.jsonl line 3: the caption …").</remarks>
public sealed class InvalidPromptException : ArgumentException
{
    public InvalidPromptException()
    {
        Reason = "is not a valid prompt";
    }

    public InvalidPromptException(string reason)
        : base($"The prompt {reason}")
    {
        Reason = reason;
    }

    public InvalidPromptException(string reason, Exception innerException)
        : base($"The prompt {reason}", innerException)
    {
        Reason = reason;
    }

    /// <summary>What is wrong, as a predicate: "is empty or only whitespace."</summary>
    public string Reason { get; }
}
