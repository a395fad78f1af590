
namespace OrderOrleans.Domain;

/// <summary>Every way a command can be refused, with its stable code. Codes are part of the API: never change one.</summary>
public static class OrderErrors
{
    public static readonly OrderError NotFound =
        new(ErrorKind.NotFound, ErrorCodes.OrderNotFound, "The order does not exist; create it first.");

    public static OrderError AlreadyExists(string orderId, int version) =>
        new(ErrorKind.InvalidState, ErrorCodes.OrderAlreadyExists, $"Order '{orderId}' already exists.", CurrentVersion: version);

    public static OrderError Invalid(string code, string field, string message) =>
        new(ErrorKind.Invalid, code, message, field);

    public static OrderError ItemsLocked(OrderStatus status) =>
        new(ErrorKind.InvalidState, ErrorCodes.OrderItemsLocked, $"Items can be changed only while the order is Created; it is {status}.");

    public static OrderError WrongStatus(string code, string action, OrderStatus required, OrderStatus actual) =>
        new(ErrorKind.InvalidState, code, $"An order can be {action} only when it is {required}; it is {actual}.");

    public static OrderError NotCancellable(OrderStatus status) =>
        new(ErrorKind.InvalidState, ErrorCodes.OrderNotCancellable, $"An order can be cancelled only while Created, Placed or Paid; it is {status}.");

    public static readonly OrderError NoItems =
        new(ErrorKind.RuleViolated, ErrorCodes.OrderNoItems, "An order needs at least one item to be placed.");

    public static OrderError TooManyItems(int max) =>
        new(ErrorKind.RuleViolated, ErrorCodes.OrderTooManyItems, $"An order holds at most {max} different products.", "items");

    public static OrderError PriceMismatch(string productId, decimal existing, decimal requested) =>
        new(ErrorKind.RuleViolated, ErrorCodes.ItemPriceMismatch,
            $"Product '{productId}' is already in the order at unit price {existing}; it cannot be added at {requested}.", "unitPrice");

    public static OrderError NotInOrder(string productId) =>
        new(ErrorKind.RuleViolated, ErrorCodes.ItemNotInOrder, $"Product '{productId}' is not in the order.", "productId");

    public static OrderError PaymentInsufficient(decimal amount, decimal due, string currency) =>
        new(ErrorKind.RuleViolated, ErrorCodes.PaymentInsufficient,
            $"A payment must cover the total: {amount} {currency} paid, {due} {currency} due.", "amount");

    public static OrderError StaleVersion(int expected, int current) =>
        new(ErrorKind.StaleVersion, ErrorCodes.OrderVersionStale,
            $"The order is at version {current}, not {expected}: reload it and decide again.", CurrentVersion: current);

    public static OrderError VersionConflict(int current) =>
        new(ErrorKind.VersionConflict, ErrorCodes.OrderVersionConflict,
            $"The order changed while the command was decided; it is now at version {current}.", CurrentVersion: current);

    public static OrderError Unavailable { get; } =
        new(ErrorKind.Unavailable, ErrorCodes.StorageUnavailable,
            "The event store did not confirm the command in time. Retry with the same Idempotency-Key (the problem's commandId) to apply it at most once.");

    public static OrderError DeliveryBacklogFull { get; } =
        new(ErrorKind.Unavailable, ErrorCodes.DeliveryBacklogFull,
            "The read side is behind: this silo holds as many undelivered events as it may. Retry after the Retry-After seconds with the same Idempotency-Key (the problem's commandId).");

    public static OrderError KeyReused(string earlierCommand, string command) =>
        new(ErrorKind.RuleViolated, ErrorCodes.IdempotencyKeyReused,
            earlierCommand == command
                ? $"This Idempotency-Key was already used on this order for a {command} with different values. Send a new key for a new command."
                : $"This Idempotency-Key was already used on this order for a {earlierCommand}, not a {command}. Send a new key for a new command.")
        { Field = "Idempotency-Key" };

    public static OrderError KeyUsedOnOtherOrder(string orderId) =>
        new(ErrorKind.RuleViolated, ErrorCodes.IdempotencyKeyReused,
            $"This Idempotency-Key was already used for a command on order {orderId}. Send a new key for a new command.")
        { Field = "Idempotency-Key" };

    public static OrderError TooManyLines(int max) =>
        new(ErrorKind.RuleViolated, ErrorCodes.OrderTooManyLines,
            $"A create carries at most {max} item lines (the same product twice is two lines); add more with AddItem.", "items");

    public static OrderError TooManyEvents(int max) =>
        new(ErrorKind.RuleViolated, ErrorCodes.OrderTooManyEvents,
            $"An order's history holds at most {max} events, and this order has reached it; start a new order.");
}
