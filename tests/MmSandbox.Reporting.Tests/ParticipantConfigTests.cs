using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests;

public sealed class ParticipantConfigTests
{
    private const string File = "test.yaml";

    private static SimulationConfig Load(string yaml, params string[] sets) => ConfigLoader.LoadText(yaml, File, sets);

    [Fact]
    public void A_config_without_participants_has_none()
    {
        Assert.Empty(Load("paths: 10\n").Participants);
        Assert.Empty(Load("participants: []\n").Participants);
    }

    [Fact]
    public void Kind_alone_gets_every_default_and_the_kind_s_default_name()
    {
        var config = Load("""
            participants:
              - kind: noise_trader
              - kind: informed_trader
              - kind: market_maker
            """);

        // The defaults as documented in issue 7 and ParticipantKinds: rate 20, accuracy 0.9, γ 0.05.
        Assert.Collection(config.Participants,
            p =>
            {
                Assert.Equal(("noise_trader", "noise-trader"), (p.Kind, p.Name));
                Assert.Equal(new Dictionary<string, double> { ["rate"] = 20 }, p.Parameters);
            },
            p =>
            {
                Assert.Equal(("informed_trader", "informed-trader"), (p.Kind, p.Name));
                Assert.Equal(new Dictionary<string, double> { ["rate"] = 20, ["accuracy"] = 0.9 }, p.Parameters);
            },
            p =>
            {
                Assert.Equal(("market_maker", "second-maker"), (p.Kind, p.Name));
                Assert.Equal(new Dictionary<string, double> { ["gamma"] = 0.05 }, p.Parameters);
            });
    }

    [Fact]
    public void A_second_and_third_of_a_kind_are_numbered_and_a_written_parameter_overrides_its_default()
    {
        var config = Load("""
            participants:
              - kind: noise_trader
              - kind: informed_trader
                accuracy: 0.6
              - kind: noise_trader
                rate: 5
              - kind: noise_trader
                name: crowd
              - kind: noise_trader
            """);

        Assert.Equal(["noise-trader", "informed-trader", "noise-trader-2", "crowd", "noise-trader-4"], config.Participants.Select(p => p.Name));
        Assert.Equal(0.6, config.Participants[1]["accuracy"]);
        Assert.Equal(20, config.Participants[1]["rate"]);
        Assert.Equal(5, config.Participants[2]["rate"]);
    }

    [Fact]
    public void A_participants_list_can_be_set_on_the_command_line()
    {
        var config = Load("paths: 10\n", "participants=[{kind: informed_trader, accuracy: 1}, {kind: market_maker, gamma: 0.2}]");

        Assert.Equal(["informed-trader", "second-maker"], config.Participants.Select(p => p.Name));
        Assert.Equal(1.0, config.Participants[0]["accuracy"]);
        Assert.Equal(0.2, config.Participants[1]["gamma"]);
    }

    [Fact]
    public void Participants_written_by_the_config_writer_load_back_equal()
    {
        var config = SimulationConfig.Paper with
        {
            Participants =
            [
                new ParticipantConfig("noise_trader", "noise-trader", new Dictionary<string, double> { ["rate"] = 1.0 / 3 }),
                new ParticipantConfig("informed_trader", "insider-7", new Dictionary<string, double> { ["rate"] = 1e6, ["accuracy"] = 0.5 }),
                new ParticipantConfig("market_maker", "rival", new Dictionary<string, double> { ["gamma"] = 0.1 + 0.2 }),
                new ParticipantConfig("noise_trader", "noise-trader-2", new Dictionary<string, double> { ["rate"] = 0 }),
            ],
        };

        var yaml = ConfigWriter.ToYaml(config);
        var loaded = ConfigLoader.LoadText(yaml, "config_used.yaml");

        ConfigAssert.Equal(config, loaded);
        // Written once more, the text is the same: the writer is a fixed point of the loader.
        Assert.Equal(yaml, ConfigWriter.ToYaml(loaded));
    }

    [Fact]
    public void The_paper_config_writes_no_participants_key()
    {
        Assert.DoesNotContain("participants", ConfigWriter.ToYaml(SimulationConfig.Paper), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_name_taken_by_an_earlier_participant_is_refused_with_a_place()
    {
        // The first one took the name the second would get by default.
        var errors = Assert.Throws<ConfigException>(() => Load("""
            participants:
              - kind: noise_trader
                name: noise-trader-2
              - kind: noise_trader
              - kind: noise_trader
            """)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("participants[1].name", error.Path);
        Assert.Contains("names must be unique", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
    }
}
