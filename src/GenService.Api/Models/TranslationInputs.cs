using System.Globalization;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Models;

/// <summary>The input images of a translation, as 8-bit pixels of the model's input shape, and how they were made.</summary>
/// <param name="Pixels">Each [Ca, S, S], row-major.</param>
/// <param name="Conversion">How the inputs were made from what the client named, for the X-Input-Conversion header.</param>
public sealed record TranslationInput(IReadOnlyList<byte[]> Pixels, string Conversion);

/// <summary>
/// Makes a translate model's inputs, without loading it: from an uploaded image, converted to the input shape
/// the family declares (<see cref="ITranslationInputs"/>), or from items of the model's training dataset, made
/// as its trainer made them.
/// </summary>
public sealed class TranslationInputs(GenServiceDbContext db, ModelFamilyCatalog families, IOptions<StorageOptions> storage)
{
    /// <summary>The shape the model reads; the model must be of a family that translates (checked first).</summary>
    public async Task<ImageShape> InputShapeAsync(Guid modelId, CancellationToken cancellationToken)
    {
        var model = await FindAsync(modelId, cancellationToken);
        return model.InputChannels is { } channels
            ? OutputShape(model) with { Channels = channels }
            : Family(model).InputShape(OutputShape(model), Hyperparameters(model));
    }

    /// <summary>Centre-cropped to a square and resized to the input size as dataset imports are (Mitchell cubic,
    /// trilinear mipmaps when shrinking more than twofold), then reduced to gray by BT.601 luma when the model reads one channel.</summary>
    /// <returns>The input; Invalid (field "image") naming what is wrong with the file.</returns>
    public static ServiceResult<TranslationInput> FromUpload(byte[] encoded, ImageShape inputShape)
    {
        DecodedImage decoded;
        try
        {
            decoded = ImageCodec.Decode(encoded, inputShape.Height, inputShape.Channels);
        }
        catch (InvalidImageException exception)
        {
            return ServiceError.Invalid("image", exception.Message);
        }
        using (decoded)
        {
            var source = decoded.Source;
            var side = Math.Min(source.Width, source.Height);
            var channels = inputShape.Channels == 1 ? "gray by BT.601 luma" : "RGB";
            var conversion = string.Create(CultureInfo.InvariantCulture,
                $"{source.Format.Name} {source.Width}x{source.Height}; centre crop {side}x{side}; resized to {inputShape.Width}x{inputShape.Height} (Mitchell cubic, mipmaps when shrinking over 2x); {channels}");
            return new TranslationInput([decoded.Pixels.contiguous().data<byte>().ToArray()], conversion);
        }
    }

    /// <summary>Why items first to first + count - 1 of the model's dataset cannot be translated, or null.</summary>
    public async Task<ServiceError?> CheckDatasetItemsAsync(Guid modelId, long first, int count, string field, CancellationToken cancellationToken)
    {
        var model = await FindAsync(modelId, cancellationToken);
        return CheckItems(await DatasetAsync(model, cancellationToken), first, count, field);
    }

    /// <summary>Items first to first + count - 1 of the model's training dataset, resized to the model's size
    /// as training resized them (bilinear, antialiased): of a pairs dataset, the stored A images; of a label-map dataset
    /// translated from its painted maps, the maps (resized by nearest neighbour) painted; otherwise the images turned
    /// into inputs as its trainer did.</summary>
    /// <returns>The inputs; Invalid when the items are out of range; Conflict when the dataset was deleted.</returns>
    public async Task<ServiceResult<TranslationInput>> FromDatasetAsync(Guid modelId, long first, int count, string field, CancellationToken cancellationToken)
    {
        var model = await FindAsync(modelId, cancellationToken);
        var dataset = await DatasetAsync(model, cancellationToken);
        if (CheckItems(dataset, first, count, field) is { } error)
            return error;
        var shape = OutputShape(model);
        using var scope = NewDisposeScope();
        var indices = Enumerable.Range(0, count).Select(i => first + i).ToList();
        var folder = storage.Value.Resolve(dataset.Value!.StorageLocation);
        var items = $"dataset {dataset.Value.Id} item {first}{(count > 1 ? $" to {first + count - 1}" : "")}";
        if (dataset.Value.Kind == DatasetKind.Pairs)
        {
            using var pairs = PairFile.Read(folder, indices);
            var stored = AtSize(pairs.A, shape);
            return new TranslationInput(Rows(stored, count), string.Create(CultureInfo.InvariantCulture, $"{items}: its stored A image, resized to {shape.Width}x{shape.Height} as in training"));
        }
        if (dataset.Value.Kind == DatasetKind.Labelmaps && Family(model).TranslatesPaintedLabelMaps)
        {
            using var stored = LabelMapFile.Read(folder, indices);
            using var atSize = stored.ResizedTo(shape.Height);
            using var painted = PaintedMapPairs.From(atSize);
            return new TranslationInput(Rows(painted.Inputs, count), string.Create(CultureInfo.InvariantCulture, $"{items}: its label map, resized to {shape.Width}x{shape.Height} as in training and painted in the classes' colours"));
        }
        var images = AtSize(ReadImages(dataset.Value.Kind, folder, indices), shape);
        var inputs = Family(model).InputsFor(images, Hyperparameters(model));
        return new TranslationInput(Rows(inputs, count), string.Create(CultureInfo.InvariantCulture, $"{items}; resized to {shape.Width}x{shape.Height} and made into inputs as in training"));
    }

    /// <summary>uint8 [N, C, H, W]: the stored images of an image dataset, or the images (not the maps) of a label-map dataset.</summary>
    private static Tensor ReadImages(DatasetKind kind, string folder, IReadOnlyList<long> indices)
    {
        if (kind != DatasetKind.Labelmaps)
            return DatasetFile.ReadImages(folder, indices);
        using var set = LabelMapFile.Read(folder, indices);
        return set.Images.clone();
    }

    /// <summary>uint8 [N, C, H, W] at the model's size: as they are, or resized as training resized them.</summary>
    private static Tensor AtSize(Tensor images, ImageShape shape) =>
        images.shape[2] == shape.Height && images.shape[3] == shape.Width ? images : DatasetTensors.Resize(images, shape.Height);

    private static List<byte[]> Rows(Tensor images, int count) =>
        Enumerable.Range(0, count).Select(i => images[i].contiguous().data<byte>().ToArray()).ToList();

    private async Task<GenerativeModel> FindAsync(Guid modelId, CancellationToken cancellationToken) =>
        await db.Models.AsNoTracking().FirstAsync(m => m.Id == modelId, cancellationToken);

    private async Task<ServiceResult<Dataset>> DatasetAsync(GenerativeModel model, CancellationToken cancellationToken) =>
        await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == model.DatasetId, cancellationToken) is { } dataset
            ? dataset
            : ServiceError.Conflict("The model's training dataset has been deleted: upload an image to translate instead.");

    private static ServiceError? CheckItems(ServiceResult<Dataset> dataset, long first, int count, string field)
    {
        if (dataset.Error is not null)
            return dataset.Error;
        var items = dataset.Value!.ItemCount;
        return first >= 0 && first + count <= items
            ? null
            : ServiceError.Invalid(field, string.Create(CultureInfo.InvariantCulture, $"The model's dataset has items 0 to {items - 1}."));
    }

    private ITranslationInputs Family(GenerativeModel model) =>
        families.Find(model.Architecture) as ITranslationInputs
            ?? throw new InvalidOperationException($"The {model.Architecture} family translates but does not describe its inputs.");

    private static ImageShape OutputShape(GenerativeModel model) => new(model.Channels, model.ImageHeight, model.ImageWidth);

    private Hyperparameters Hyperparameters(GenerativeModel model) =>
        ML.Families.Hyperparameters.FromStored(families.Find(model.Architecture)!.Hyperparameters, model.Hyperparameters);
}
