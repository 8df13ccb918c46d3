using GenService.ML.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>Where <see cref="SuperResolutionCrops"/> cuts its square uint8 crops from: images of one size
/// (<see cref="ImageCropSource"/>) or photos at their own sizes (<see cref="PhotoCropSource"/>).</summary>
internal interface ICropSource
{
    /// <summary>The channels, and the smallest height and width of any image: no crop is larger than their shorter side.</summary>
    ImageShape Shape { get; }

    /// <summary><paramref name="count"/> crops of random training images at random positions, labelled when the images are.</summary>
    DatasetTensors RandomTrainingCrops(int count, int size, Generator random);

    /// <summary>At most <paramref name="count"/> fixed crops of the held-out images, spread over all of them, [N, C, size, size].</summary>
    Tensor HeldOutCrops(int count, int size);

    /// <summary>A crop of held-out image (seed mod count) at a position drawn from the seed, [1, C, size, size].</summary>
    Tensor PreviewCrop(long seed, int size);
}
