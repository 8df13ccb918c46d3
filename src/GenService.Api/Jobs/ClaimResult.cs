namespace GenService.Api.Jobs;

public enum ClaimResult
{
    Claimed,

    /// <summary>Another worker holds the record and its lease has not lapsed.</summary>
    Held,

    /// <summary>The record has finished or is gone: nothing to do.</summary>
    Ended,
}
