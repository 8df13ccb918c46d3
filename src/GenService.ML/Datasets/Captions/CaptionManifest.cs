namespace GenService.ML.Datasets.Captions;

/// <summary>
/// captions-manifest.json, beside a captions dataset's images (an images dataset folder of its own, <see cref="DatasetFile"/>):
/// what captions.jsonl holds.
/// </summary>
/// <param name="Kind">"captions", for people reading the folder.</param>
/// <param name="Count">Lines of the captions file: one an image, in image order.</param>
/// <param name="HeldOutCount">Images kept out of training.</param>
/// <param name="CaptionCount">Training-phrasing captions over all images.</param>
/// <param name="CaptionsFile">JSON Lines: {"captions": [...], "unseenPhrasings": [...], "heldOut": false} an image.</param>
/// <param name="AttributeThresholds">The built-in writer's attribute thresholds; null for uploads.</param>
public sealed record CaptionManifest(
    int FormatVersion, string Kind, long Count, long HeldOutCount, long CaptionCount, string CaptionsFile, FashionAttributeThresholds? AttributeThresholds);
