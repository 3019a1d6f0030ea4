using Chexs.Bot.DataExchange;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Tests.Safeguarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chexs.Bot.Tests.DataExchange;

public class DevelopmentSeedTests
{
    private static string SamplesFolder
    {
        get
        {
            var copied = Path.Combine(AppContext.BaseDirectory, "samples");
            if (File.Exists(Path.Combine(copied, "pupils.csv"))) return copied;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "samples");
        }
    }

    private static DevelopmentSeed SeedFor(BotServices bot) => ActivatorUtilities.CreateInstance<DevelopmentSeed>(bot.Services, SamplesFolder);

    [Fact]
    public async Task First_run_loads_samples_and_staff_and_a_second_run_changes_nothing()
    {
        using var bot = new BotServices(PolicyScenario.Local(2026, 11, 28, 9));
        var seed = SeedFor(bot);
        Assert.True(await seed.SeedAsync());
        Assert.Equal(11, bot.Db.Pupils.Count());
        Assert.Equal(10, bot.Db.Consents.Count());
        Assert.Equal(4, bot.Db.Staff.Count());
        Assert.Equal("alex.host@chexs.example", bot.Db.Staff.FindById("00000000-0000-0000-0000-00000000a001").ZoomUserId);
        Assert.Equal(StaffRole.Manager, bot.Db.Staff.FindById("00000000-0000-0000-0000-00000000b002").Role);
        Assert.False(await seed.SeedAsync());
        Assert.Equal(11, bot.Db.Pupils.Count());
        Assert.Equal(4, bot.Db.Staff.Count());
    }

    /// <summary>The demo data must let the Playground show each rule: judge a booking for each sample pupil.</summary>
    [Fact]
    public async Task Sample_pupils_exercise_every_rule()
    {
        using var bot = new BotServices(PolicyScenario.Local(2026, 11, 28, 9));
        Assert.True(await SeedFor(bot).SeedAsync());
        var records = bot.Get<SafeguardingRecords>();
        var alex = DevelopmentSeed.DevelopmentStaff[0].Id;
        var start = PolicyScenario.Local(2026, 12, 3, 16);
        SessionProposal OneToOne(string pupil, DateTimeOffset? at = null) => new()
        {
            Programme = Programme.Growth, HostId = alex, RequestedBy = alex, PupilIds = new[] { pupil }, Start = at ?? start, DurationMinutes = 45, Kind = SessionKind.OneToOne,
        };
        IEnumerable<string> Rules(PolicyVerdict v) => v.Findings.Where(f => f.Severity != FindingSeverity.Note || f.RuleId == "P9").Select(f => f.RuleId);

        Assert.Equal(PolicyOutcome.Allowed, (await records.JudgeAsync(OneToOne("P-0001"))).Outcome);            // Sam Patel, 15
        Assert.Contains("P9", Rules(await records.JudgeAsync(OneToOne("P-0003"))));                           // Lily, 12
        Assert.Contains("P5", Rules(await records.JudgeAsync(OneToOne("P-0005"))));                           // no recording
        Assert.Contains("P4", Rules(await records.JudgeAsync(OneToOne("P-0007"))));                           // last year's only
        Assert.Contains("P4", Rules(await records.JudgeAsync(OneToOne("P-0008"))));                           // withdrawn
        Assert.Contains("withdrawn", (await records.JudgeAsync(OneToOne("P-0008"))).Describe());
        Assert.Contains("P1", Rules(await records.JudgeAsync(OneToOne("P-0009"))));                           // other programme
        Assert.Contains("P4", Rules(await records.JudgeAsync(OneToOne("P-0011"))));                           // no consent
        Assert.Contains("P9", Rules(await records.JudgeAsync(OneToOne("P-0010", PolicyScenario.Local(2027, 1, 14, 16)))));
        Assert.DoesNotContain("P9", Rules(await records.JudgeAsync(OneToOne("P-0010", PolicyScenario.Local(2027, 1, 15, 16)))));
        var group = OneToOne("P-0001") with { Kind = SessionKind.Group, PupilIds = new[] { "P-0001", "P-0006" } };
        Assert.Contains((await records.JudgeAsync(group)).Findings, f => f.RuleId == "P10" && f.PupilId == "P-0006");
        Assert.Equal(PolicyOutcome.NeedsApproval, (await records.JudgeAsync(group with { PupilIds = new[] { "P-0001", "P-0002" } })).Outcome);
        var morgan = DevelopmentSeed.DevelopmentStaff[1].Id;
        Assert.Contains("P2", Rules(await records.JudgeAsync(OneToOne("P-0001") with { HostId = morgan })));
        Assert.Equal(2, (await records.FindPupilsAsync("Sam")).Count);                                           // Sam Patel / Sami Patil
        Assert.Equal(new DateOnly(2012, 2, 29), (await records.PupilAsync("P-0004"))!.DateOfBirth);
    }

    [Fact]
    public async Task In_a_later_academic_year_the_sample_dates_move_on()
    {
        using var bot = new BotServices(PolicyScenario.Local(2028, 10, 1, 9));
        Assert.True(await SeedFor(bot).SeedAsync());
        var records = bot.Get<SafeguardingRecords>();
        var alex = DevelopmentSeed.DevelopmentStaff[0].Id;
        var v = await records.JudgeAsync(new SessionProposal
        {
            Programme = Programme.Growth, HostId = alex, RequestedBy = alex, PupilIds = new[] { "P-0001" },
            Start = PolicyScenario.Local(2028, 12, 3, 16), DurationMinutes = 45, Kind = SessionKind.OneToOne,
        });
        Assert.Equal(PolicyOutcome.Allowed, v.Outcome);
        Assert.Contains(await records.ConsentsOfAsync("P-0007"), c => c.AcademicYearStart == 2027);
    }

    [Fact]
    public void Seed_is_registered_in_Development_only_and_can_be_switched_off()
    {
        static bool HasSeed(BotServices bot) => bot.Services.GetServices<IHostedService>().OfType<DevelopmentSeed>().Any();
        using (var dev = new BotServices(PolicyScenario.Local(2026, 11, 28, 9), "Development", forCommandLine: false)) Assert.True(HasSeed(dev));
        using (var prod = new BotServices(PolicyScenario.Local(2026, 11, 28, 9), "Production", forCommandLine: false,
                   new Dictionary<string, string?> { ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555", ["MicrosoftAppPassword"] = "y", ["MicrosoftAppTenantId"] = "00000000-0000-0000-0000-0000000000aa", ["Graph:Offline"] = "true", ["Safeguarding:ConcernsContactName"] = "C", ["Safeguarding:ConcernsContactEmail"] = "c@chexs.example", ["Zoom:Simulate"] = "true" }))
            Assert.False(HasSeed(prod));
        using (var cli = new BotServices(PolicyScenario.Local(2026, 11, 28, 9), "Development", forCommandLine: true)) Assert.False(HasSeed(cli));
        using (var off = new BotServices(PolicyScenario.Local(2026, 11, 28, 9), "Development", forCommandLine: false,
                   new Dictionary<string, string?> { ["DevelopmentSeed:Enabled"] = "false" }))
            Assert.False(HasSeed(off));
    }
}
