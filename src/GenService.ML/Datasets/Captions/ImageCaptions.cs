namespace GenService.ML.Datasets.Captions;

/// <summary>The captions of one image of a captions dataset.</summary>
/// <param name="Captions">What training may read: one or more descriptions of the image.</param>
/// <param name="UnseenPhrasings">Descriptions in phrasings that no training caption of the dataset uses, for an
/// evaluation of prompts worded otherwise; empty for uploads, which have no such split.</param>
/// <param name="HeldOut">Kept out of training, for evaluation.</param>
public sealed record ImageCaptions(IReadOnlyList<string> Captions, IReadOnlyList<string> UnseenPhrasings, bool HeldOut);
