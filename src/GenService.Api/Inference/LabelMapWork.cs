using GenService.ML.Families;
using TorchSharp;

namespace GenService.Api.Inference;

/// <summary>One image per seed: map i rendered in the style image's style (spread by seed i), or in seed i's own random
/// style when there is no style image (<see cref="ILabelMapRenderer"/>).</summary>
/// <param name="Maps">One per seed (the same array, for one map in several styles): class indices [H, W] at the model's size, row-major.</param>
/// <param name="Style">The style image [C, H, W] of the model's shape, 8-bit, row-major; null for random styles.</param>
public sealed record LabelMapWork(IReadOnlyList<byte[]> Maps, byte[]? Style, IReadOnlyList<long> Seeds) : BatchedWork
{
    public override string Operation => "label-map-to-image";

    public override ModelCapability Needs => ModelCapability.LabelMapToImage;

    public override int ImageCount => Seeds.Count;

    /// <summary>Renderings of the same weights share a pass when all or none of them have a style image.</summary>
    public override bool CanShareBatchWith(BatchedWork other) => other is LabelMapWork work && (work.Style is null) == (Style is null);

    public override torch.Tensor RunPass(IGenerativeModel model, IReadOnlyList<BatchedImage> images)
    {
        var shape = model.OutputShape;
        var works = images.Select(image => (LabelMapWork)image.Work).ToList();
        var maps = torch.cat(images.Select((image, i) => torch.tensor(works[i].Maps[image.Index], [1, shape.Height, shape.Width])).ToList(), 0)
            .to_type(torch.ScalarType.Int64);
        var styles = Style is null
            ? null
            : torch.cat(works.Select(work => torch.tensor(work.Style!, shape.AsBatch(1))).ToList(), 0).to_type(torch.ScalarType.Float32).div(255f);
        return ((ILabelMapRenderer)model).Render(maps, styles, images.Select((image, i) => works[i].Seeds[image.Index]).ToList());
    }
}
