namespace OrderOrleans.Domain;

/// <summary>
/// Every error code the service answers, REST problem and GraphQL error alike: stable, so clients can branch on them.
/// A code is used only through this catalogue (a test checks that no other file spells one).
/// </summary>
public static class ErrorCodes
{
    // The request itself: malformed, invalid, too large or too costly (400, 405, 413).
    public const string RequestBodyRequired = "request.body-required";
    public const string RequestInvalid = "request.invalid";
    public const string RequestMalformedJson = "request.malformed-json";
    public const string RequestMethodNotAllowed = "request.method-not-allowed";
    public const string RequestTooComplex = "request.too-complex";
    public const string RequestTooLarge = "request.too-large";
    public const string RequestUnsupportedMediaType = "request.unsupported-media-type";

    // Routes ASP.NET Core answers itself (404, 405).
    public const string RouteMethodNotAllowed = "route.method-not-allowed";
    public const string RouteNotFound = "route.not-found";

    // API keys and scopes (401, 403).
    public const string AuthKeyRequired = "auth.key-required";
    public const string AuthScopeMissing = "auth.scope-missing";

    // A key past its rate limit (429).
    public const string RateLimitExceeded = "rate-limit.exceeded";

    // Live-feed streams (429).
    public const string FeedTooManyStreams = "feed.too-many-streams";

    // Storage or the cluster did not answer (503).
    public const string StorageUnavailable = "storage.unavailable";

    // The read side is too far behind to take more (503), and a delivery's own fields.
    public const string DeliveryBacklogFull = "delivery.backlog-full";
    public const string DeliverySignedByRequired = "delivery.signed-by-required";

    // Projections: unknown, or behind a consistency token (404, 503).
    public const string ProjectionBehind = "projection.behind";
    public const string ProjectionNotFound = "projection.not-found";

    // Dead letters (404, 409).
    public const string DeadLetterNotFound = "dead-letter.not-found";
    public const string DeadLetterRetryFailed = "dead-letter.retry-failed";

    // An order's state and rules (404, 409, 412, 422).
    public const string OrderAlreadyExists = "order.already-exists";
    public const string OrderInvalidCurrency = "order.invalid-currency";
    public const string OrderInvalidCustomerId = "order.invalid-customer-id";
    public const string OrderItemsLocked = "order.items-locked";
    public const string OrderNoItems = "order.no-items";
    public const string OrderNotCancellable = "order.not-cancellable";
    public const string OrderNotCreated = "order.not-created";
    public const string OrderNotFound = "order.not-found";
    public const string OrderNotPaid = "order.not-paid";
    public const string OrderNotPlaced = "order.not-placed";
    public const string OrderNotShipped = "order.not-shipped";
    public const string OrderNotYetCreated = "order.not-yet-created";
    public const string OrderTooManyEvents = "order.too-many-events";
    public const string OrderTooManyItems = "order.too-many-items";
    public const string OrderTooManyLines = "order.too-many-lines";
    public const string OrderVersionConflict = "order.version-conflict";
    public const string OrderVersionStale = "order.version-stale";

    // Items of an order (400, 422).
    public const string ItemInvalidProductId = "item.invalid-product-id";
    public const string ItemInvalidQuantity = "item.invalid-quantity";
    public const string ItemInvalidUnitPrice = "item.invalid-unit-price";
    public const string ItemNotInOrder = "item.not-in-order";
    public const string ItemPriceMismatch = "item.price-mismatch";

    // Payments (400, 422).
    public const string PaymentInsufficient = "payment.insufficient";
    public const string PaymentInvalidAmount = "payment.invalid-amount";

    // Shipments (400).
    public const string ShipmentCarrierRequired = "shipment.carrier-required";
    public const string ShipmentTrackingNumberRequired = "shipment.tracking-number-required";

    // Cancellations (400).
    public const string CancelReasonRequired = "cancel.reason-required";

    // Shipping addresses (400).
    public const string AddressCityRequired = "address.city-required";
    public const string AddressCountryRequired = "address.country-required";
    public const string AddressLine1Required = "address.line1-required";

    // Text shown to people (400).
    public const string TextInvalid = "text.invalid";

    // Idempotency keys (422).
    public const string IdempotencyKeyReused = "idempotency.key-reused";

    // Temporal queries (400).
    public const string HistoryVersionOutOfRange = "history.version-out-of-range";

    // What-if replays (400).
    public const string ReplayVersionOutOfRange = "replay.version-out-of-range";

    // Customers (404).
    public const string CustomerNotFound = "customer.not-found";

    // Products (404).
    public const string ProductNotFound = "product.not-found";

    // The order list (400).
    public const string ListTooBroad = "list.too-broad";

    // The event log (500).
    public const string LogUnreadableEvent = "log.unreadable-event";

    // Anything else (500, logged).
    public const string ServerError = "server.error";

    // Commands this release does not know (400).
    public const string CommandUnknown = "command.unknown";
}
