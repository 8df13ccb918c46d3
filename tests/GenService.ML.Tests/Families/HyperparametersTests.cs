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

    private static readonly IReadOnlyList<HyperparameterSpec> DependentSpecs =
    [
        HyperparameterSpec.Choice("objective", "How D and G are scored.", ["minimax", "wgan"], "minimax"),
        new("learning_rate", "Step size.", 2e-4, 1e-6, 1e-2,
            DefaultsByChoice: new("objective", new Dictionary<string, double> { ["minimax"] = 2e-4, ["wgan"] = 5e-5 })),
    ];

    [Theory]
    [InlineData(null, 2e-4)]
    [InlineData("\"minimax\"", 2e-4)]
    [InlineData("\"wgan\"", 5e-5)]
    public void A_default_that_follows_a_choice_is_the_one_under_the_chosen_value(string? objective, double expected)
    {
        var supplied = objective is null ? null : Supplied("objective", objective);

        var values = Hyperparameters.Validate(DependentSpecs, supplied, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, values.Get("learning_rate"));
    }

    [Fact]
    public void A_value_the_client_sends_wins_over_the_choice_dependent_default()
    {
        var supplied = Supplied("objective", "\"wgan\"");
        supplied["learning_rate"] = JsonDocument.Parse("0.001").RootElement;

        var values = Hyperparameters.Validate(DependentSpecs, supplied, out var errors);

        Assert.Empty(errors);
        Assert.Equal(0.001, values.Get("learning_rate"));
    }

    [Fact]
    public void The_filled_in_default_is_stored_and_described_as_a_plain_number()
    {
        var values = Hyperparameters.Validate(DependentSpecs, Supplied("objective", "\"wgan\""), out _);

        var described = Hyperparameters.Describe(DependentSpecs, values.Values);
        var reread = Hyperparameters.FromStored(DependentSpecs, values.Values);

        Assert.Equal(5e-5, described["learning_rate"].GetDouble());
        Assert.Equal(5e-5, reread.Get("learning_rate"));
    }

    [Fact]
    public void A_setting_added_after_a_run_was_stored_reads_back_as_what_the_run_did_then()
    {
        IReadOnlyList<HyperparameterSpec> specs =
        [
            new("steps", "Steps.", 10, 1, 100, IsInteger: true),
            new("drop", "Share of the run before the step size drops; 1 never.", 0.8, 0, 1, WhenNotStored: 1),
            new("width", "Channels.", 32, 1, 64, IsInteger: true),
        ];

        var stored = Hyperparameters.FromStored(specs, new Dictionary<string, double> { ["steps"] = 20 });
        var recorded = Hyperparameters.FromStored(specs, new Dictionary<string, double> { ["steps"] = 20, ["drop"] = 0.5 });

        Assert.Equal(1, stored.Get("drop"));
        Assert.Equal(32, stored.Get("width"));
        Assert.Equal(0.5, recorded.Get("drop"));
        Assert.Equal(0.8, Hyperparameters.Validate(specs, null, out _).Get("drop"));
    }

    [Fact]
    public void A_choice_without_a_dependent_default_is_a_programming_error()
    {
        IReadOnlyList<HyperparameterSpec> specs =
        [
            DependentSpecs[0],
            DependentSpecs[1] with { DefaultsByChoice = new("objective", new Dictionary<string, double> { ["minimax"] = 2e-4 }) },
        ];

        Assert.Throws<InvalidOperationException>(() => Hyperparameters.Validate(specs, Supplied("objective", "\"wgan\""), out _));
    }

    private static Dictionary<string, JsonElement> Supplied(string name, string json) =>
        new() { [name] = JsonDocument.Parse(json).RootElement };
}
