namespace GenService.ML.Families;

/// <summary>
/// What a family trains on, declared on the family (<see cref="IModelFamily.DatasetKinds"/>) so a training
/// run on the wrong kind of data is refused when it is requested. Image-to-image families will add their
/// kinds (photos at their own size, paired A→B images, label maps) with the datasets that store them.
/// </summary>
public enum DatasetKind
{
    /// <summary>Images of one shape, without conditions: what an unconditional generator learns to draw.</summary>
    Images,
}
