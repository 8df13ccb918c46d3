namespace GenService.Api.Apis;

public static class ImageResponseExtensions
{
    /// <summary>Documents a 200 whose body is an image (binary) in one of the given media types, the first the default.</summary>
    public static RouteHandlerBuilder ProducesImage(this RouteHandlerBuilder route, string contentType, params string[] additionalContentTypes) =>
        route.Produces(StatusCodes.Status200OK, typeof(Stream), contentType, additionalContentTypes);
}
