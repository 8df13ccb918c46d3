namespace GenService.Api.Webhooks;

/// <summary>Thrown by <see cref="WebhookConnector"/> when a webhook's host resolves to no address the
/// <see cref="WebhookDestinationPolicy"/> allows; no connection was opened.</summary>
public sealed class WebhookDestinationRefusedException(string message) : Exception(message);
