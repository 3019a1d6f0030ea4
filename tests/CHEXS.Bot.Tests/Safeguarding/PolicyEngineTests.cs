using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using static Chexs.Bot.Tests.Safeguarding.PolicyScenario;

namespace Chexs.Bot.Tests.Safeguarding;

public class PolicyEngineTests
{
    private static bool Blocks(PolicyVerdict v, string rule, string? pupil = null) =>
        v.Findings.Any(f => f.RuleId == rule && f.Severity == FindingSeverity.Block && (pupil is null || f.PupilId == pupil));

    private static bool Cites(PolicyVerdict v, string rule) => v.Findings.Any(f => f.RuleId == rule);

    // ---------- Outcome ----------

    [Fact]
    public void Fully_consented_one_to_one_is_allowed_with_only_the_review_note()
    {
        var s = new PolicyScenario();
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        Assert.Equal(PolicyOutcome.Allowed, v.Outcome);
        Assert.All(v.Findings, f => Assert.Equal(FindingSeverity.Note, f.Severity));
        Assert.False(v.AdultPresenceRequired);
    }

    [Fact]
    public void Verdict_record_keeps_rule_ids_and_initials_not_full_names()
    {
        var s = new PolicyScenario();
        s.Consents.Clear();
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        var record = v.ToRecord();
        Assert.Equal("Blocked", record.Outcome);
        var p4 = Assert.Single(record.Findings, f => f.RuleId == "P4");
        Assert.Equal("P-1", p4.PupilId);
        Assert.Contains("S.P.", p4.Message);
        Assert.DoesNotContain("Sam Patel", p4.Message);
        Assert.Contains("Sam Patel", v.Findings.Single(f => f.RuleId == "P4").Message);
    }

    // ---------- P1 programme ----------

    [Fact]
    public void P1_pupil_on_the_session_programme_passes_and_on_the_other_programme_is_blocked()
    {
        var s = new PolicyScenario();
        s.AddPupil("P-9", "Zara", "Ahmed", new DateOnly(2010, 4, 18), Programme.AfterschoolLeadership);
        s.AddAnnual("P-9", 2026, new DateOnly(2026, 8, 28));
        var growth = s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-9"));
        Assert.True(Blocks(growth, "P1", "P-9"));
        Assert.Contains("Zara Ahmed is not on the Growth Programme", growth.Describe());
        var alp = s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-9") with { Programme = Programme.AfterschoolLeadership });
        Assert.False(Cites(alp, "P1"));
    }

    [Fact]
    public void P1_unknown_pupil_and_no_pupils_and_undefined_programme_are_blocked()
    {
        var s = new PolicyScenario();
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-404")), "P1", "P-404"));
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { PupilIds = Array.Empty<string>() }), "P1"));
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { Programme = (Programme)42 }), "P1"));
    }

    // ---------- P2 host ----------

    [Fact]
    public void P2_host_needs_staff_record_and_zoom_user()
    {
        var s = new PolicyScenario();
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P2"));
        var morgan = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { HostId = Morgan });
        Assert.True(Blocks(morgan, "P2"));
        Assert.Contains("Morgan Manager has no user on the CHEXS Zoom account", morgan.Describe());
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { HostId = "stranger" }), "P2"));
    }

    // ---------- P3 guardian to send join details to ----------

    [Fact]
    public void P3_pupil_without_a_guardian_email_is_blocked()
    {
        var s = new PolicyScenario();
        s.Guardians.Single().Email = "";
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P3", "P-1"));
    }

    // ---------- P4 consent ----------

    [Fact]
    public void P4_message_names_rule_pupil_and_fix_as_the_policy_example_does()
    {
        var s = new PolicyScenario();
        s.Consents.Clear();
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 5));
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        var f = Assert.Single(v.Findings, f => f.RuleId == "P4");
        Assert.Equal("P4: no consent covers Sam Patel on Thu 3 Dec 2026 — the 2025/26 annual consent ended on 31 Aug 2026. Record a new consent with `record consent` once the form is back.", f.Message);
        Assert.Equal("P4: no consent covers S.P. on Thu 3 Dec 2026 — the 2025/26 annual consent ended on 31 Aug 2026. Record a new consent with `record consent` once the form is back.", f.RedactedMessage);
        Assert.Equal(PolicyOutcome.Blocked, v.Outcome);
    }

    [Fact]
    public void P4_annual_consent_covers_31_August_but_not_1_September()
    {
        var s = new PolicyScenario();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 8, 1, 9));
        s.Consents.Clear();
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 5));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 8, 31, 16))), "P4"));
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 9, 1, 16))), "P4", "P-1"));
    }

    [Fact]
    public void P4_academic_year_follows_the_London_date_not_the_UTC_date()
    {
        var s = new PolicyScenario();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 8, 1, 9));
        s.Consents.Clear();
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 5));
        // 23:30 UTC on 31 Aug is 00:30 BST on 1 Sep: the new academic year.
        Assert.True(Blocks(s.Judge(s.OneToOne(new DateTimeOffset(2026, 8, 31, 23, 30, 0, TimeSpan.Zero), 20)), "P4"));
        // 22:30 UTC is 23:30 BST on 31 Aug: still 2025/26.
        Assert.False(Cites(s.Judge(s.OneToOne(new DateTimeOffset(2026, 8, 31, 22, 30, 0, TimeSpan.Zero), 20)), "P4"));
    }

    [Fact]
    public void P4_next_year_consent_given_31_August_or_1_September_covers_1_September_but_not_31_August()
    {
        foreach (var given in new[] { new DateOnly(2026, 8, 31), new DateOnly(2026, 9, 1) })
        {
            var s = new PolicyScenario();
            s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 8, 1, 9));
            s.Consents.Clear();
            s.AddAnnual("P-1", 2026, given);
            Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 9, 1, 16))), "P4"));
            var before = s.Judge(s.OneToOne(Local(2026, 8, 31, 16)));
            Assert.True(Blocks(before, "P4"));
            Assert.Contains("the 2026/27 annual consent only starts on 1 Sep 2026", before.Describe());
        }
    }

    [Fact]
    public void P4_consent_dated_after_the_session_does_not_cover_it_but_one_given_that_day_does()
    {
        var s = new PolicyScenario();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 8, 1, 9));
        s.Consents.Clear();
        s.AddAnnual("P-1", 2026, new DateOnly(2026, 9, 10));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 9, 10, 16))), "P4"));
        var v = s.Judge(s.OneToOne(Local(2026, 9, 9, 16)));
        Assert.True(Blocks(v, "P4"));
        Assert.Contains("dated 10 Sep 2026, after the session date", v.Describe());
    }

    [Fact]
    public void P4_withdrawn_consent_covers_nothing_from_the_moment_of_withdrawal()
    {
        var start = Local(2026, 12, 3, 16);
        var s = new PolicyScenario();
        var consent = s.Consents.Single();
        consent.Withdrawal = new ConsentWithdrawal { At = start, By = Alex, Reason = "parent asked" };
        var v = s.Judge(s.OneToOne(start));
        Assert.True(Blocks(v, "P4", "P-1"));
        Assert.Contains("withdrawn on 3 Dec 2026", v.Describe());
        consent.Withdrawal.At = start.AddMinutes(1);
        Assert.False(Cites(s.Judge(s.OneToOne(start)), "P4"));
    }

    [Fact]
    public void P4_another_guardians_consent_still_covers_when_one_is_withdrawn()
    {
        var s = new PolicyScenario();
        s.Consents.Single().Withdrawal = new ConsentWithdrawal { At = Local(2026, 11, 1, 9) };
        var dad = new Guardian { Id = "g-dad", Name = "Dad", Email = "dad@example.org", PupilIds = { "P-1" } };
        s.Guardians.Add(dad);
        s.AddAnnual("P-1", 2026, new DateOnly(2026, 9, 2), guardianId: dad.Id);
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P4"));
    }

    [Fact]
    public void P4_consent_from_someone_not_their_guardian_does_not_count()
    {
        var s = new PolicyScenario();
        s.Consents.Single().GuardianId = "g-neighbour";
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        Assert.True(Blocks(v, "P4"));
        Assert.Contains("not recorded as their parent/guardian", v.Describe());
    }

    [Fact]
    public void P4_session_consent_covers_its_own_session_only()
    {
        var s = new PolicyScenario();
        s.Consents.Clear();
        s.Consents.Add(new Consent
        {
            Id = "C-S", PupilId = "P-1", GuardianId = "g-P-1", Kind = ConsentKind.Session, SessionId = "S-AAAAA",
            Covers = ConsentScope.Participation | ConsentScope.Recording, GivenOn = new DateOnly(2026, 11, 1),
        });
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { SessionId = "S-AAAAA" }), "P4"));
        var other = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)) with { SessionId = "S-BBBBB" });
        Assert.True(Blocks(other, "P4"));
        Assert.Contains("another session (S-AAAAA)", other.Describe());
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P4"));
    }

    [Fact]
    public void P4_no_consent_at_all_says_so()
    {
        var s = new PolicyScenario();
        s.Consents.Clear();
        Assert.Contains("there is no consent on record for them", s.Judge(s.OneToOne(Local(2026, 12, 3, 16))).Describe());
    }

    // ---------- P5 recording ----------

    [Fact]
    public void P5_consent_must_cover_recording()
    {
        var s = new PolicyScenario();
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P5"));
        s.Consents.Single().Covers = ConsentScope.Participation | ConsentScope.Group;
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        Assert.True(Blocks(v, "P5", "P-1"));
        Assert.False(Cites(v, "P4"));
    }

    // ---------- P9 under 14 on the session date ----------

    [Theory]
    [InlineData(2, true)]   // the day before the 14th birthday
    [InlineData(3, false)]  // on the birthday
    [InlineData(4, false)]  // the day after
    public void P9_adult_presence_until_the_14th_birthday(int day, bool under14)
    {
        var s = new PolicyScenario();
        s.Pupils.Single().DateOfBirth = new DateOnly(2012, 12, 3);
        var v = s.Judge(s.OneToOne(Local(2026, 12, day, 16)));
        Assert.Equal(under14, v.AdultPresenceRequired);
        Assert.Equal(under14, v.Findings.Any(f => f.RuleId == "P9" && f.Severity == FindingSeverity.Note && f.PupilId == "P-1"));
        Assert.Equal(PolicyOutcome.Allowed, v.Outcome);
    }

    [Theory]
    [InlineData(14, 2026, 2, 28, true)]  // common year: the 14th birthday is 1 March
    [InlineData(14, 2026, 3, 1, false)]
    [InlineData(12, 2024, 2, 28, true)]  // a 14th birthday never falls in a leap year, so a threshold of 12 shows the leap-year side
    [InlineData(12, 2024, 2, 29, false)]
    public void P9_leap_day_birthday(int threshold, int y, int m, int d, bool under)
    {
        const int born = 2012;
        var s = new PolicyScenario();
        s.Options.AdultPresenceAgeThreshold = threshold;
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(y, 1, 2, 9));
        s.Pupils.Single().DateOfBirth = new DateOnly(born, 2, 29);
        s.AddAnnual("P-1", y - 1, new DateOnly(y - 1, 9, 1));
        var v = s.Judge(s.OneToOne(Local(y, m, d, 16)));
        Assert.Equal(under, v.AdultPresenceRequired);
        Assert.Equal(under, v.Findings.Any(f => f.RuleId == "P9"));
    }

    [Fact]
    public void P9_uses_the_London_date_of_the_session()
    {
        var s = new PolicyScenario();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 6, 1, 9));
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 1));
        s.Pupils.Single().DateOfBirth = new DateOnly(2012, 7, 10);
        // 23:30 UTC on 9 July is 00:30 BST on 10 July: the birthday.
        Assert.False(s.Judge(s.OneToOne(new DateTimeOffset(2026, 7, 9, 23, 30, 0, TimeSpan.Zero), 20)).AdultPresenceRequired);
        Assert.True(s.Judge(s.OneToOne(new DateTimeOffset(2026, 7, 9, 22, 30, 0, TimeSpan.Zero), 20)).AdultPresenceRequired);
    }

    // ---------- P10 group sessions ----------

    private static PolicyScenario TwoPupils()
    {
        var s = new PolicyScenario();
        s.AddPupil("P-2", "Sami", "Patil", new DateOnly(2012, 3, 9));
        s.AddAnnual("P-2", 2026, new DateOnly(2026, 8, 25));
        return s;
    }

    [Fact]
    public void P10_group_without_approval_needs_approval()
    {
        var s = TwoPupils();
        var v = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2"));
        Assert.Equal(PolicyOutcome.NeedsApproval, v.Outcome);
        Assert.Contains(v.Findings, f => f.RuleId == "P10" && f.Severity == FindingSeverity.NeedsApproval);
    }

    [Fact]
    public void P10_group_approved_by_another_manager_is_allowed()
    {
        var s = TwoPupils();
        var v = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { Approval = ApprovedBy(Morgan) });
        Assert.Equal(PolicyOutcome.Allowed, v.Outcome);
    }

    [Fact]
    public void P10_nobody_approves_their_own_booking()
    {
        var s = TwoPupils();
        // Morgan hosts (give Morgan a Zoom user) and approves: blocked.
        s.Staff.Single(m => m.Id == Morgan).ZoomUserId = "morgan@chexs.example";
        var host = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { HostId = Morgan, RequestedBy = Morgan, Approval = ApprovedBy(Morgan) });
        Assert.True(Blocks(host, "P10"));
        Assert.Contains("nobody approves their own booking", host.Describe());
        // Jordan booked it for Alex and approves it: blocked too.
        var requester = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { RequestedBy = Jordan, Approval = ApprovedBy(Jordan) });
        Assert.True(Blocks(requester, "P10"));
        // Morgan approving Jordan's booking for Alex is fine.
        Assert.Equal(PolicyOutcome.Allowed, s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { RequestedBy = Jordan, Approval = ApprovedBy(Morgan) }).Outcome);
    }

    [Fact]
    public void P10_approval_by_a_non_manager_does_not_count_and_a_rejection_blocks()
    {
        var s = TwoPupils();
        var casey = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { Approval = ApprovedBy(Casey) });
        Assert.Equal(PolicyOutcome.NeedsApproval, casey.Outcome);
        var rejected = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { Approval = ApprovedBy(Morgan, approved: false) });
        Assert.True(Blocks(rejected, "P10"));
    }

    [Fact]
    public void P10_every_pupils_consent_must_cover_group_sessions()
    {
        var s = TwoPupils();
        s.Consents.Single(c => c.PupilId == "P-2").Covers = ConsentScope.Participation | ConsentScope.Recording;
        var v = s.Judge(s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { Approval = ApprovedBy(Morgan) });
        Assert.True(Blocks(v, "P10", "P-2"));
        Assert.False(Blocks(v, "P10", "P-1"));
        // The same consent is fine for a one-to-one.
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-2")), "P10"));
    }

    [Fact]
    public void P10_one_to_one_has_exactly_one_pupil()
    {
        var s = TwoPupils();
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-1", "P-2")), "P10"));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 45, "P-1")), "P10"));
    }

    // ---------- G1 length ----------

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    [InlineData(0, true)]
    public void G1_maximum_length(int minutes, bool blocked)
    {
        var s = new PolicyScenario();
        Assert.Equal(blocked, Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), minutes)), "G1"));
    }

    [Fact]
    public void G1_limit_comes_from_settings()
    {
        var s = new PolicyScenario();
        s.Options.MaxSessionMinutes = 30;
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 31)), "G1"));
        Assert.False(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 30)), "G1"));
    }

    // ---------- G2 notice ----------

    [Fact]
    public void G2_group_needs_24_hours_notice_exactly_24_is_enough()
    {
        var s = TwoPupils();
        var now = s.Clock.GetUtcNow();
        Assert.False(Cites(s.Judge(s.Group(now.AddHours(24), "P-1", "P-2")), "G2"));
        var v = s.Judge(s.Group(now.AddHours(24).AddMinutes(-1), "P-1", "P-2"));
        Assert.True(Blocks(v, "G2"));
        Assert.Contains("23 hours 59 minutes", v.Describe());
    }

    [Fact]
    public void G2_one_to_one_needs_no_notice_but_cannot_start_in_the_past()
    {
        var s = new PolicyScenario();
        var now = s.Clock.GetUtcNow();
        Assert.False(Cites(s.Judge(s.OneToOne(now)), "G2"));
        Assert.True(Blocks(s.Judge(s.OneToOne(now.AddMinutes(-1))), "G2"));
    }

    [Fact]
    public void G2_notice_is_real_time_across_the_October_clock_change()
    {
        var s = TwoPupils();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 10, 24, 12)); // Sat 12:00 BST = 11:00 UTC; clocks go back on Sun 25 Oct
        Assert.False(Cites(s.Judge(s.Group(Local(2026, 10, 25, 11), "P-1", "P-2")), "G2")); // 11:00 GMT: exactly 24 h
        Assert.True(Blocks(s.Judge(s.Group(Local(2026, 10, 25, 10, 59), "P-1", "P-2")), "G2"));
    }

    [Fact]
    public void G2_notice_is_real_time_across_the_March_clock_change()
    {
        var s = TwoPupils();
        s.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Local(2026, 3, 28, 12)); // Sat 12:00 GMT; clocks go forward on Sun 29 Mar
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 1));
        s.AddAnnual("P-2", 2025, new DateOnly(2025, 9, 1));
        var sameWallClock = s.Judge(s.Group(Local(2026, 3, 29, 12), "P-1", "P-2")); // 12:00 BST is only 23 h later
        Assert.True(Blocks(sameWallClock, "G2"));
        Assert.Contains("Choose a start at or after Sun 29 Mar 2026 13:00", sameWallClock.Describe());
        Assert.False(Cites(s.Judge(s.Group(Local(2026, 3, 29, 13), "P-1", "P-2")), "G2"));
    }

    [Fact]
    public void G2_existing_session_is_measured_from_when_it_was_booked()
    {
        var s = TwoPupils();
        var start = s.Clock.GetUtcNow().AddHours(2);
        var proposal = s.Group(start, "P-1", "P-2") with { RequestedAt = start.AddDays(-3) };
        Assert.False(Cites(s.Judge(proposal), "G2"));
    }

    // ---------- G4 co-host ----------

    [Fact]
    public void G4_co_host_required_for_groups_only_when_switched_on()
    {
        var s = TwoPupils();
        var group = s.Group(Local(2026, 12, 3, 16), "P-1", "P-2") with { Approval = ApprovedBy(Morgan) };
        Assert.False(Cites(s.Judge(group), "G4"));
        s.Options.RequireCoHostForGroups = true;
        Assert.True(Blocks(s.Judge(group), "G4"));
        Assert.False(Cites(s.Judge(group with { CoHostId = Casey }), "G4"));
        Assert.True(Blocks(s.Judge(group with { CoHostId = Alex }), "G4"));
        Assert.True(Blocks(s.Judge(group with { CoHostId = "stranger" }), "G4"));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "G4"));
    }

    // ---------- Double booking ----------

    private static Session Existing(string id, DateTimeOffset start, int minutes, string host, params string[] pupils) => new()
    {
        Id = id, HostId = host, PupilIds = pupils.ToList(), Start = start, DurationMinutes = minutes,
        Kind = pupils.Length > 1 ? SessionKind.Group : SessionKind.OneToOne, Status = SessionStatus.Scheduled,
    };

    [Fact]
    public void D1_touching_end_to_start_is_fine_overlapping_by_a_minute_is_not()
    {
        var s = new PolicyScenario();
        s.Sessions.Add(Existing("S-OTHER", Local(2026, 12, 3, 10), 60, Alex, "P-7"));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 11))), "D1"));
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 9), 60)), "D1"));
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 10, 59)));
        Assert.True(Blocks(v, "D1"));
        Assert.Contains("Alex Host is already in session S-OTHER", v.Describe());
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 9, 1), 60)), "D1"));
    }

    [Fact]
    public void D1_pupil_double_booked_with_another_host()
    {
        var s = new PolicyScenario();
        s.Sessions.Add(Existing("S-OTHER", Local(2026, 12, 3, 10), 60, Casey, "P-1"));
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 10, 30)));
        Assert.True(Blocks(v, "D1", "P-1"));
        Assert.Contains("Sam Patel is already booked in session S-OTHER", v.Describe());
    }

    [Fact]
    public void D1_ignores_cancelled_sessions_and_the_session_itself()
    {
        var s = new PolicyScenario();
        var other = Existing("S-OTHER", Local(2026, 12, 3, 10), 60, Alex, "P-1");
        s.Sessions.Add(other);
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 10)) with { SessionId = "S-OTHER" }), "D1"));
        other.Cancel("cancelled for the test");
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 10))), "D1"));
    }

    [Fact]
    public void D1_co_host_busy_elsewhere_is_double_booked()
    {
        var s = new PolicyScenario();
        s.Sessions.Add(Existing("S-OTHER", Local(2026, 12, 3, 10), 60, Casey, "P-7"));
        Assert.True(Blocks(s.Judge(s.OneToOne(Local(2026, 12, 3, 10)) with { CoHostId = Casey }), "D1"));
    }

    // ---------- P15 review date ----------

    [Fact]
    public void P15_review_date_passed_is_a_note_not_a_block()
    {
        var s = new PolicyScenario();
        var v = s.Judge(s.OneToOne(Local(2026, 12, 3, 16)));
        var note = Assert.Single(v.Findings, f => f.RuleId == "P15");
        Assert.Equal(FindingSeverity.Note, note.Severity);
        Assert.Equal(PolicyOutcome.Allowed, v.Outcome);

        s.Options.PolicyReviewDate = new DateOnly(2026, 11, 2); // today: not yet passed
        Assert.False(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P15"));
        s.Options.PolicyReviewDate = new DateOnly(2026, 11, 1); // yesterday: passed
        Assert.True(Cites(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))), "P15"));
    }
}
