using System.Text.Json;
using GenService.ML.Families;

namespace GenService.ML.Tests.Families;

public sealed class HyperparametersTests
{
    private static readonly IReadOnlyList<HyperparameterSpec> Specs =
    [
        HyperparameterSpec.Choice("objective", "How D and G are scored.", ["minimax", "wgan_gp"], "wgan_gp"),
        new("steps", "Steps.", 10, 1, 100, IsInteger: true),
    ];

    [Fact]
    public void A_choice_defaults_to_its_named_default_and_reads_back_by_name()
    {
        var values = Hyperparameters.Validate(Specs, null, out var errors);

        Assert.Empty(errors);
        Assert.Equal("wgan_gp", values.GetChoice("objective", Specs));
    }

    [Theory]
    [InlineData("\"minimax\"", "minimax")]
    [InlineData("\"MiniMax\"", "minimax")]
    public void A_choice_is_given_by_name_in_any_case(string json, string expected)
    {
        var values = Hyperparameters.Validate(Specs, Supplied("objective", json), out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, values.GetChoice("objective", Specs));
    }

    [Theory]
    [InlineData("\"hinge\"")]
    [InlineData("0")]
    [InlineData("null")]
    public void Anything_but_a_known_name_is_refused_with_the_names(string json)
    {
        Hyperparameters.Validate(Specs, Supplied("objective", json), out var errors);

        Assert.Equal(["Must be one of: minimax, wgan_gp."], errors["objective"]);
    }

    [Fact]
    public void Describe_writes_choices_by_name_and_numbers_as_numbers()
    {
        var values = Hyperparameters.Validate(Specs, Supplied("objective", "\"minimax\""), out _);

        var described = Hyperparameters.Describe(Specs, values.Values);

        Assert.Equal("minimax", described["objective"].GetString());
        Assert.Equal(10, described["steps"].GetDouble());
    }

    [Fact]
    public void A_default_that_is_not_a_choice_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => HyperparameterSpec.Choice("objective", "", ["a"], "b"));

    private static Dictionary<string, JsonElement> Supplied(string name, string json) =>
        new() { [name] = JsonDocument.Parse(json).RootElement };
}
