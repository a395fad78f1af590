using OrderOrleans.Domain;
using static OrderOrleans.Tests.Orders.OrderHistory;

namespace OrderOrleans.Tests.Orders;

public class OrderRulesTests
{
    private static readonly OrderLine Widget = new("SKU-1", "Widget", 2, 10m);

    private static Decision Decide(OrderState state, OrderCommand command) => OrderRules.Decide(state, command, Now);

    private static OrderError Refused(OrderState state, OrderCommand command, string code, ErrorKind kind)
    {
        var decision = Decide(state, command);
        decision.Events.ShouldBeEmpty();
        var error = decision.Error.ShouldNotBeNull();
        error.Code.ShouldBe(code);
        error.Kind.ShouldBe(kind);
        error.Message.ShouldNotBeNullOrWhiteSpace();
        return error;
    }

    private static CreateOrder Create(params OrderLine[] items) => new("CUST-1", "USD", null, items) { Context = Ctx };

    [Fact]
    public void Create_yields_OrderCreated_then_one_ItemAdded_per_item()
    {
        var decision = Decide(new OrderState(), Create(Widget, new OrderLine("SKU-2", null, 1, 5m)));

        decision.Error.ShouldBeNull();
        decision.Events.ShouldBe([
            new OrderCreated("CUST-1", "USD", null),
            new ItemAdded("SKU-1", "Widget", 2, 10m),
            new ItemAdded("SKU-2", "SKU-2", 1, 5m),
        ]);
    }

    [Fact]
    public void Create_of_an_existing_order_is_refused() =>
        Refused(Created(), Create(), "order.already-exists", ErrorKind.InvalidState).CurrentVersion.ShouldBe(1);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("hash#")]
    public void Create_needs_a_valid_customer_id(string customerId) =>
        Refused(new OrderState(), new CreateOrder(customerId, "USD", null, []) { Context = Ctx }, "order.invalid-customer-id", ErrorKind.Invalid)
            .Field.ShouldBe("customerId");

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("DOLLAR")]
    public void Create_needs_an_ISO_currency(string currency) =>
        Refused(new OrderState(), new CreateOrder("C", currency, null, []) { Context = Ctx }, "order.invalid-currency", ErrorKind.Invalid)
            .Field.ShouldBe("currency");

    [Fact]
    public void Create_checks_the_shipping_address()
    {
        var address = new Address("1 Main St", null, " ", null, "US", null);
        Refused(new OrderState(), new CreateOrder("C", "USD", address, []) { Context = Ctx }, "address.city-required", ErrorKind.Invalid)
            .Field.ShouldBe("shippingAddress.city");
    }

    [Fact]
    public void Create_names_the_invalid_item_field() =>
        Refused(new OrderState(), Create(Widget, Widget with { ProductId = "SKU-2", Quantity = 0 }), "item.invalid-quantity", ErrorKind.Invalid)
            .Field.ShouldBe("items[1].quantity");

    [Fact]
    public void Create_with_one_product_at_two_prices_is_refused() =>
        Refused(new OrderState(), Create(Widget, Widget with { UnitPrice = 11m }), "item.price-mismatch", ErrorKind.RuleViolated)
            .Field.ShouldBe("items[1].unitPrice");

    [Fact]
    public void Create_with_too_many_products_is_refused() =>
        Refused(new OrderState(), Create([.. Enumerable.Range(0, OrderRules.MaxLines + 1).Select(i => Widget with { ProductId = $"P{i}" })]),
            "order.too-many-lines", ErrorKind.RuleViolated);

    [Fact]
    public void Create_with_many_lines_of_one_product_says_lines_not_products() =>
        Refused(new OrderState(), Create([.. Enumerable.Range(0, 1000).Select(_ => Widget with { Quantity = 1 })]),
            "order.too-many-lines", ErrorKind.RuleViolated).Message.ShouldContain("the same product twice is two lines");

    [Fact]
    public void An_order_with_as_many_events_as_it_may_hold_refuses_every_further_command()
    {
        var full = StateOf([new OrderCreated("C", "USD", null), .. Enumerable.Range(1, OrderRules.MaxEvents - 1).Select(_ => new ItemAdded("SKU-1", "W", 1, 1m))]);

        Refused(full, new AddItem(Widget with { ProductId = "SKU-1", UnitPrice = 1m }) { Context = Ctx }, "order.too-many-events", ErrorKind.RuleViolated);
        Refused(full, new CancelOrder("stop") { Context = Ctx }, "order.too-many-events", ErrorKind.RuleViolated);
        var almost = StateOf([new OrderCreated("C", "USD", null), .. Enumerable.Range(1, OrderRules.MaxEvents - 2).Select(_ => new ItemAdded("SKU-1", "W", 1, 1m))]);
        Decide(almost, new AddItem(Widget with { ProductId = "SKU-1", UnitPrice = 1m }) { Context = Ctx }).Error.ShouldBeNull();
    }

    [Fact]
    public void Commands_on_a_missing_order_are_refused() =>
        Refused(new OrderState(), new PlaceOrder { Context = Ctx }, "order.not-found", ErrorKind.NotFound);

    [Fact]
    public void AddItem_adds_to_a_created_order() =>
        Decide(Created(), new AddItem(Widget) { Context = Ctx }).Events.ShouldBe([new ItemAdded("SKU-1", "Widget", 2, 10m)]);

    [Fact]
    public void AddItem_of_a_product_already_in_the_order_at_its_price_is_accepted() =>
        Decide(Created(("SKU-1", 1, 10m)), new AddItem(Widget) { Context = Ctx }).Error.ShouldBeNull();

    [Fact]
    public void AddItem_of_a_product_at_another_price_is_refused() =>
        Refused(Created(("SKU-1", 1, 9m)), new AddItem(Widget) { Context = Ctx }, "item.price-mismatch", ErrorKind.RuleViolated)
            .Message.ShouldContain("unit price 9");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(OrderRules.MaxQuantity + 1)]
    public void AddItem_needs_a_positive_bounded_quantity(int quantity) =>
        Refused(Created(), new AddItem(Widget with { Quantity = quantity }) { Context = Ctx }, "item.invalid-quantity", ErrorKind.Invalid)
            .Field.ShouldBe("quantity");

    [Fact]
    public void AddItem_refuses_a_total_quantity_beyond_the_maximum() =>
        Refused(Created(("SKU-1", OrderRules.MaxQuantity, 10m)), new AddItem(Widget with { Quantity = 1 }) { Context = Ctx },
            "item.invalid-quantity", ErrorKind.Invalid);

    [Theory]
    [InlineData(0)]
    [InlineData(-0.01)]
    public void AddItem_needs_a_positive_price(decimal price) =>
        Refused(Created(), new AddItem(Widget with { UnitPrice = price }) { Context = Ctx }, "item.invalid-unit-price", ErrorKind.Invalid)
            .Field.ShouldBe("unitPrice");

    [Fact]
    public void AddItem_needs_a_valid_product_id() =>
        Refused(Created(), new AddItem(Widget with { ProductId = "a?b" }) { Context = Ctx }, "item.invalid-product-id", ErrorKind.Invalid);

    [Fact]
    public void AddItem_refuses_a_name_with_control_characters() =>
        Refused(Created(), new AddItem(Widget with { Name = "bad\u0007name" }) { Context = Ctx }, "text.invalid", ErrorKind.Invalid)
            .Field.ShouldBe("name");

    [Fact]
    public void AddItem_beyond_the_maximum_number_of_products_is_refused() =>
        Refused(Created([.. Enumerable.Range(0, OrderRules.MaxLines).Select(i => ($"P{i}", 1, 1m))]),
            new AddItem(Widget) { Context = Ctx }, "order.too-many-items", ErrorKind.RuleViolated);

    [Fact]
    public void Items_are_locked_once_placed()
    {
        Refused(Placed(), new AddItem(Widget) { Context = Ctx }, "order.items-locked", ErrorKind.InvalidState).Message.ShouldContain("Placed");
        Refused(Placed(), new RemoveItem("SKU-1") { Context = Ctx }, "order.items-locked", ErrorKind.InvalidState);
    }

    [Fact]
    public void RemoveItem_removes_a_product_in_the_order() =>
        Decide(Created(("SKU-1", 1, 1m)), new RemoveItem("SKU-1") { Context = Ctx }).Events.ShouldBe([new ItemRemoved("SKU-1")]);

    [Fact]
    public void RemoveItem_of_a_product_not_in_the_order_is_refused() =>
        Refused(Created(), new RemoveItem("SKU-9") { Context = Ctx }, "item.not-in-order", ErrorKind.RuleViolated);

    [Fact]
    public void Place_records_the_total() =>
        Decide(Created(("A", 2, 10m), ("B", 1, 0.5m)), new PlaceOrder { Context = Ctx }).Events.ShouldBe([new OrderPlaced(20.5m)]);

    [Fact]
    public void Place_needs_an_item() =>
        Refused(Created(), new PlaceOrder { Context = Ctx }, "order.no-items", ErrorKind.RuleViolated);

    [Fact]
    public void Place_needs_a_created_order() =>
        Refused(Placed(), new PlaceOrder { Context = Ctx }, "order.not-created", ErrorKind.InvalidState);

    [Fact]
    public void Payment_covering_the_total_is_recorded() =>
        Decide(Placed(), new RecordPayment(20m, "card", "tx") { Context = Ctx }).Events.ShouldBe([new PaymentRecorded(20m, "card", "tx")]);

    [Fact]
    public void Payment_must_cover_the_total() =>
        Refused(Placed(), new RecordPayment(19.99m, null, null) { Context = Ctx }, "payment.insufficient", ErrorKind.RuleViolated)
            .Message.ShouldContain("20");

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Payment_must_be_positive(decimal amount) =>
        Refused(Placed(), new RecordPayment(amount, null, null) { Context = Ctx }, "payment.invalid-amount", ErrorKind.Invalid);

    [Fact]
    public void Payment_needs_a_placed_order()
    {
        Refused(Created(("A", 1, 1m)), new RecordPayment(1m, null, null) { Context = Ctx }, "order.not-placed", ErrorKind.InvalidState);
        Refused(Paid(), new RecordPayment(1m, null, null) { Context = Ctx }, "order.not-placed", ErrorKind.InvalidState);
    }

    [Fact]
    public void Ship_records_carrier_tracking_and_date() =>
        Decide(Paid(), new ShipOrder("UPS", "1Z999") { Context = Ctx }).Events.ShouldBe([new OrderShipped("UPS", "1Z999", Now)]);

    [Fact]
    public void Ship_needs_a_paid_order() =>
        Refused(Placed(), new ShipOrder("UPS", "1Z") { Context = Ctx }, "order.not-paid", ErrorKind.InvalidState);

    [Fact]
    public void Ship_needs_a_carrier_and_tracking_number()
    {
        Refused(Paid(), new ShipOrder(" ", "1Z") { Context = Ctx }, "shipment.carrier-required", ErrorKind.Invalid).Field.ShouldBe("carrier");
        Refused(Paid(), new ShipOrder("UPS", "") { Context = Ctx }, "shipment.tracking-number-required", ErrorKind.Invalid).Field.ShouldBe("trackingNumber");
    }

    [Fact]
    public void Deliver_records_who_signed_and_when() =>
        Decide(Shipped(), new DeliverOrder("Ann") { Context = Ctx }).Events.ShouldBe([new OrderDelivered("Ann", Now)]);

    [Fact]
    public void Deliver_needs_a_shipped_order() =>
        Refused(Paid(), new DeliverOrder("Ann") { Context = Ctx }, "order.not-shipped", ErrorKind.InvalidState);

    [Fact]
    public void Deliver_needs_a_signature() =>
        Refused(Shipped(), new DeliverOrder("") { Context = Ctx }, "delivery.signed-by-required", ErrorKind.Invalid);

    public static TheoryData<string> CancellableStates => ["Created", "Placed", "Paid"];

    public static TheoryData<string> FinalStates => ["Shipped", "Delivered", "Cancelled"];

    private static OrderState InStatus(string status) => status switch
    {
        "Created" => Created(),
        "Placed" => Placed(),
        "Paid" => Paid(),
        "Shipped" => Shipped(),
        "Delivered" => Delivered(),
        _ => Cancelled(),
    };

    [Theory]
    [MemberData(nameof(CancellableStates))]
    public void Cancel_is_allowed_before_shipping(string status) =>
        Decide(InStatus(status), new CancelOrder("customer request") { Context = Ctx }).Events.ShouldBe([new OrderCancelled("customer request")]);

    [Theory]
    [MemberData(nameof(FinalStates))]
    public void Cancel_is_refused_once_shipped_or_final(string status) =>
        Refused(InStatus(status), new CancelOrder("too late") { Context = Ctx }, "order.not-cancellable", ErrorKind.InvalidState)
            .Message.ShouldContain(status);

    [Fact]
    public void Cancel_needs_a_reason() =>
        Refused(Placed(), new CancelOrder(" ") { Context = Ctx }, "cancel.reason-required", ErrorKind.Invalid).Field.ShouldBe("reason");
}
