using System.Net;
using System.Text.RegularExpressions;
using OrderOrleans.Domain;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Error codes come from one catalogue, and the same mistake gets the same code wherever it is made.</summary>
public sealed partial class ErrorCodeCatalogueTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    [Fact]
    public void No_source_file_but_the_catalogue_spells_an_error_code()
    {
        var codes = typeof(ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        var catalogue = Path.Combine("src", "OrderOrleans.Domain", "ErrorCodes.cs");
        var spelled = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.EndsWith(catalogue, StringComparison.Ordinal))
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Code: m.Groups[1].Value)))
            .Where(s => codes.Contains(s.Code))
            .Select(s => $"{s.File}: {s.Code}");
        spelled.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_product_id_gets_the_same_code_on_add_and_on_remove()
    {
        var orderId = TestNames.OrderId("codes");
        await silo.Client.Create(orderId, "C", 1m);
        var add = await silo.Client.Post($"/api/orders/{orderId}/items", new { productId = "..", quantity = 1, unitPrice = 1m });
        var remove = await silo.Client.DeleteAsync($"/api/orders/{orderId}/items/{Uri.EscapeDataString("a b")}");
        foreach (var response in new[] { add, remove })
        {
            (await response.Problem(HttpStatusCode.BadRequest, ErrorCodes.ItemInvalidProductId)).ErrorFields().ShouldBe(["productId"]);
        }
    }

    [GeneratedRegex("\"([a-z]+(?:-[a-z0-9]+)*\\.[a-z0-9]+(?:-[a-z0-9]+)*)\"")]
    private static partial Regex Literal();
}
