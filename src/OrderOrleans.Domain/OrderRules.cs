using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrderOrleans.Domain;

/// <summary>
/// The order's business rules: a pure function from (state, command) to events or an error.
/// No I/O, no clock of its own (the caller passes <c>now</c>), so every rule is a plain unit test.
/// </summary>
public static partial class OrderRules
{
    /// <summary>Different products an order holds, and item lines a create carries (each line is an event).</summary>
    public const int MaxLines = 50;

    /// <summary>Events an order's log may hold: bounds activation, history, replay and the dashboard's timeline.</summary>
    public const int MaxEvents = 10_000;
    public const int MaxQuantity = 1_000_000;
    public const decimal MaxUnitPrice = 1_000_000_000m;
    public const int MaxTextLength = 200;

    /// <summary>Combining marks in a row a name may have (real scripts need a few; hundreds stack into unreadable towers).</summary>
    public const int MaxCombiningMarks = 4;

    public static Decision Decide(OrderState state, OrderCommand command, DateTimeOffset now)
    {
        // The command's own values first (400), then what the order's state allows (404/409/422).
        if (Validate(command) is { } invalid)
        {
            return invalid;
        }
        if (command is CreateOrder create)
        {
            return state.Exists ? OrderErrors.AlreadyExists(state.OrderId, state.Version) : Create(create);
        }
        if (!state.Exists)
        {
            return OrderErrors.NotFound;
        }
        if (state.Version >= MaxEvents)
        {
            return OrderErrors.TooManyEvents(MaxEvents);
        }
        return command switch
        {
            AddItem c => AddItem(state, c.Item),
            RemoveItem c => RemoveItem(state, c.ProductId),
            PlaceOrder => Place(state),
            RecordPayment c => Pay(state, c),
            ShipOrder c => Ship(state, c, now),
            DeliverOrder c => Deliver(state, c, now),
            CancelOrder c => Cancel(state, c),
            _ => OrderErrors.Invalid(ErrorCodes.CommandUnknown, "command", $"Unknown command {command.GetType().Name}."),
        };
    }

    /// <summary>
    /// Would the rules have accepted this event at this point of the history? Asks <see cref="Decide"/> with the
    /// command that produces it, so a what-if replay judges events by exactly the rules commands meet.
    /// </summary>
    public static OrderError? Check(OrderState state, IOrderEvent @event, DateTimeOffset at)
    {
        var context = new CommandContext("what-if", IsClientKey: false, null, "what-if", "what-if");
        OrderCommand command = @event switch
        {
            OrderCreated e => new CreateOrder(e.CustomerId, e.Currency, e.ShippingAddress, []) { Context = context },
            ItemAdded e => new AddItem(new OrderLine(e.ProductId, e.Name, e.Quantity, e.UnitPrice)) { Context = context },
            ItemRemoved e => new RemoveItem(e.ProductId) { Context = context },
            OrderPlaced => new PlaceOrder { Context = context },
            PaymentRecorded e => new RecordPayment(e.Amount, e.Method, e.TransactionId) { Context = context },
            OrderShipped e => new ShipOrder(e.Carrier, e.TrackingNumber) { Context = context },
            // An erased name was a name when the event was accepted.
            OrderDelivered e => new DeliverOrder(e.SignedBy ?? "(erased)") { Context = context },
            OrderCancelled e => new CancelOrder(e.Reason) { Context = context },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event type."),
        };
        return Decide(state, command, at).Error;
    }

    /// <summary>Checks a command's values on their own, whatever the order's state.</summary>
    public static OrderError? Validate(OrderCommand command) => command switch
    {
        CreateOrder c => ValidateCreate(c),
        AddItem c => CheckItem(c.Item, ""),
        RemoveItem c => OrderKeys.IsValid(c.ProductId)
            ? null
            : OrderErrors.Invalid(ErrorCodes.ItemInvalidProductId, "productId", $"productId must be {OrderKeys.Rule}."),
        RecordPayment c => c.Amount <= 0 || c.Amount > MaxUnitPrice * MaxQuantity
            ? OrderErrors.Invalid(ErrorCodes.PaymentInvalidAmount, "amount", "amount must be a positive number.")
            : TextTooLong(c.Method, "method") ?? TextTooLong(c.TransactionId, "transactionId"),
        ShipOrder c => RequiredText(c.Carrier, "carrier", ErrorCodes.ShipmentCarrierRequired) ??
            RequiredText(c.TrackingNumber, "trackingNumber", ErrorCodes.ShipmentTrackingNumberRequired),
        DeliverOrder c => RequiredText(c.SignedBy, "signedBy", ErrorCodes.DeliverySignedByRequired),
        CancelOrder c => RequiredText(c.Reason, "reason", ErrorCodes.CancelReasonRequired),
        _ => null,
    };

    private static OrderError? ValidateCreate(CreateOrder c)
    {
        if (!OrderKeys.IsValid(c.CustomerId))
        {
            return OrderErrors.Invalid(ErrorCodes.OrderInvalidCustomerId, "customerId", $"customerId must be {OrderKeys.Rule}.");
        }
        if (!CurrencyCode().IsMatch(c.Currency))
        {
            return OrderErrors.Invalid(ErrorCodes.OrderInvalidCurrency, "currency", "currency must be a three-letter ISO 4217 code such as USD.");
        }
        if (c.ShippingAddress is { } address && CheckAddress(address) is { } addressError)
        {
            return addressError;
        }
        for (var i = 0; i < c.Items.Count; i++)
        {
            if (CheckItem(c.Items[i], $"items[{i}].") is { } itemError)
            {
                return itemError;
            }
        }
        return null;
    }

    private static Decision Create(CreateOrder c)
    {
        if (c.Items.Count > MaxLines)
        {
            return OrderErrors.TooManyLines(MaxLines);
        }
        var events = new List<IOrderEvent>(c.Items.Count + 1) { new OrderCreated(c.CustomerId, c.Currency, c.ShippingAddress) };
        var lines = new Dictionary<string, (decimal UnitPrice, int Quantity)>(StringComparer.Ordinal);
        for (var i = 0; i < c.Items.Count; i++)
        {
            var item = c.Items[i];
            if (lines.TryGetValue(item.ProductId, out var line))
            {
                if (line.UnitPrice != item.UnitPrice)
                {
                    return OrderErrors.PriceMismatch(item.ProductId, line.UnitPrice, item.UnitPrice) with { Field = $"items[{i}].unitPrice" };
                }
                if (line.Quantity + item.Quantity > MaxQuantity)
                {
                    return QuantityTooLarge($"items[{i}].quantity");
                }
            }
            lines[item.ProductId] = (item.UnitPrice, line.Quantity + item.Quantity);
            events.Add(ToEvent(item));
        }
        return new Decision(events, null);
    }

    private static Decision AddItem(OrderState state, OrderLine item)
    {
        if (!state.Status.Allows(OrderAction.AddItem))
        {
            return OrderErrors.ItemsLocked(state.Status);
        }
        if (state.FindLine(item.ProductId) is { } existing)
        {
            if (existing.UnitPrice != item.UnitPrice)
            {
                return OrderErrors.PriceMismatch(item.ProductId, existing.UnitPrice, item.UnitPrice);
            }
            if (existing.Quantity + item.Quantity > MaxQuantity)
            {
                return QuantityTooLarge("quantity");
            }
        }
        else if (state.Lines.Count >= MaxLines)
        {
            return OrderErrors.TooManyItems(MaxLines);
        }
        return Decision.Accept(ToEvent(item));
    }

    private static Decision RemoveItem(OrderState state, string productId)
    {
        if (!state.Status.Allows(OrderAction.RemoveItem))
        {
            return OrderErrors.ItemsLocked(state.Status);
        }
        return state.FindLine(productId) is null ? OrderErrors.NotInOrder(productId) : Decision.Accept(new ItemRemoved(productId));
    }

    private static Decision Place(OrderState state)
    {
        if (!state.Status.Allows(OrderAction.Place))
        {
            return OrderErrors.WrongStatus(ErrorCodes.OrderNotCreated, "placed", OrderStatus.Created, state.Status);
        }
        return state.Lines.Count == 0 ? OrderErrors.NoItems : Decision.Accept(new OrderPlaced(state.Total));
    }

    private static Decision Pay(OrderState state, RecordPayment c)
    {
        if (!state.Status.Allows(OrderAction.Pay))
        {
            return OrderErrors.WrongStatus(ErrorCodes.OrderNotPlaced, "paid", OrderStatus.Placed, state.Status);
        }
        var due = state.Total - state.AmountPaid;
        return c.Amount < due
            ? OrderErrors.PaymentInsufficient(c.Amount, due, state.Currency)
            : Decision.Accept(new PaymentRecorded(c.Amount, c.Method, c.TransactionId));
    }

    private static Decision Ship(OrderState state, ShipOrder c, DateTimeOffset now) =>
        !state.Status.Allows(OrderAction.Ship)
            ? OrderErrors.WrongStatus(ErrorCodes.OrderNotPaid, "shipped", OrderStatus.Paid, state.Status)
            : Decision.Accept(new OrderShipped(c.Carrier, c.TrackingNumber, now));

    private static Decision Deliver(OrderState state, DeliverOrder c, DateTimeOffset now) =>
        !state.Status.Allows(OrderAction.Deliver)
            ? OrderErrors.WrongStatus(ErrorCodes.OrderNotShipped, "delivered", OrderStatus.Shipped, state.Status)
            : Decision.Accept(new OrderDelivered(c.SignedBy, now));

    private static Decision Cancel(OrderState state, CancelOrder c) =>
        state.Status.Allows(OrderAction.Cancel)
            ? Decision.Accept(new OrderCancelled(c.Reason))
            : OrderErrors.NotCancellable(state.Status);

    private static OrderError? CheckItem(OrderLine item, string prefix)
    {
        if (!OrderKeys.IsValid(item.ProductId))
        {
            return OrderErrors.Invalid(ErrorCodes.ItemInvalidProductId, prefix + "productId", $"productId must be {OrderKeys.Rule}.");
        }
        if (item.Quantity is <= 0 or > MaxQuantity)
        {
            return OrderErrors.Invalid(ErrorCodes.ItemInvalidQuantity, prefix + "quantity", $"quantity must be between 1 and {MaxQuantity}.");
        }
        if (item.UnitPrice <= 0 || item.UnitPrice > MaxUnitPrice)
        {
            return OrderErrors.Invalid(ErrorCodes.ItemInvalidUnitPrice, prefix + "unitPrice", $"unitPrice must be greater than 0 and at most {MaxUnitPrice}.");
        }
        return TextTooLong(item.Name, prefix + "name");
    }

    private static OrderError? CheckAddress(Address address) =>
        RequiredText(address.Line1, "shippingAddress.line1", ErrorCodes.AddressLine1Required) ??
        RequiredText(address.City, "shippingAddress.city", ErrorCodes.AddressCityRequired) ??
        RequiredText(address.Country, "shippingAddress.country", ErrorCodes.AddressCountryRequired) ??
        TextTooLong(address.Line2, "shippingAddress.line2") ??
        TextTooLong(address.PostalCode, "shippingAddress.postalCode") ??
        TextTooLong(address.Recipient, "shippingAddress.recipient");

    private static OrderError? RequiredText(string? value, string field, string code) =>
        string.IsNullOrWhiteSpace(value)
            ? OrderErrors.Invalid(code, field, $"{field} is required.")
            : TextTooLong(value, field);

    private static OrderError? TextTooLong(string? value, string field) =>
        value is { Length: > MaxTextLength } || (value is not null && !DisplaySafe(value))
            ? OrderErrors.Invalid(ErrorCodes.TextInvalid, field,
                $"{field} must be at most {MaxTextLength} characters, not only spaces, without control, format (such as right-to-left overrides), line or paragraph separator, surrogate, private-use, unassigned or blank-looking filler characters, and at most {MaxCombiningMarks} combining marks in a row.")
            : null;

    /// <summary>
    /// Text shown to people: something visible (not only spaces), no control (Cc), format (Cf: bidirectional overrides,
    /// zero-width joiners), line or paragraph separator (Zl, Zp), lone surrogate (Cs), private-use (Co) or unassigned (Cn,
    /// such as U+FFFE) characters, no letters that render as nothing (Hangul fillers, the blank Braille pattern), and no
    /// long runs of combining marks, which can disguise a name on screen.
    /// </summary>
    private static bool DisplaySafe(string value)
    {
        if (value.Length > 0 && string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var marks = 0;
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                return false; // a lone surrogate
            }
            i += used;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800)
            {
                return false;
            }
            marks = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark ? marks + 1 : 0;
            if (marks > MaxCombiningMarks)
            {
                return false;
            }
        }
        return true;
    }

    private static OrderError QuantityTooLarge(string field) =>
        OrderErrors.Invalid(ErrorCodes.ItemInvalidQuantity, field, $"A product's total quantity must be at most {MaxQuantity}.");

    private static ItemAdded ToEvent(OrderLine item) =>
        new(item.ProductId, string.IsNullOrWhiteSpace(item.Name) ? item.ProductId : item.Name, item.Quantity, item.UnitPrice);

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
