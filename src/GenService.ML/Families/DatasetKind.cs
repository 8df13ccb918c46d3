namespace GenService.ML.Families;

/// <summary>
/// What a family trains on, declared on the family (<see cref="IModelFamily.DatasetKinds"/>) so a training
/// run on the wrong kind of data is refused when it is requested. Each stored dataset records its kind.
/// </summary>
public enum DatasetKind
{
    /// <summary>Images of one shape, without conditions: what an unconditional generator learns to draw.</summary>
    Images,

    /// <summary>Photographs each at its own size (up to a pixel limit), for trainers that take random crops.</summary>
    Photos,

    /// <summary>Paired images A→B of one square size: what an image-to-image translator learns (pix2pix).</summary>
    Pairs,

    /// <summary>
    /// Images with a label map each (a class index per pixel, named in the dataset's classes), and optionally
    /// a label per image: what semantic image synthesis learns (SPADE). Spelled so the API names it "labelmaps".
    /// </summary>
    Labelmaps,

    /// <summary>
    /// Images of one shape (with class labels when they have them), each with one or more captions, some images held
    /// out: what a text-to-image model learns. Spelled so the API names it "captions".
    /// </summary>
    Captions,

    /// <summary>
    /// Scenes of pedestrian tracks in the ETH/UCY text format (frame, pedestrian, x, y in metres, 0.4 s between frames),
    /// in train, validation and test scenes: what a trajectory forecaster learns (Social GAN). Spelled so the API names
    /// it "trajectories".
    /// </summary>
    Trajectories,
}
