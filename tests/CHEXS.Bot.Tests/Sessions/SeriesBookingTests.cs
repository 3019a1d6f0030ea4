using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Zoom;
using Chexs.Bot.Zoom;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// Weekly series through the real services and the fake Zoom server: every date judged on its own date (D1, P9
/// birthdays, P4 consent years), booked whole or not at all, one guardian e-mail, one approval for a group series,
/// and one date or the rest cancelled.
/// </summary>
public sealed class SeriesBookingTests
{
    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    /// <summary>Thursdays at 4pm from 5 Nov 2026 (SessionWorld's Thursday4pm).</summary>
    private static IReadOnlyList<DateTimeOffset> Thursdays(int count, DateTimeOffset? first = null)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(first ?? Thursday4pm, PolicyScenario.London).DateTime);
        return Enumerable.Range(0, count).Select(k => day.AddDays(7 * k)).Select(d => Local(d.Year, d.Month, d.Day, 16)).ToList();
    }

    private static SeriesRequest Request(IReadOnlyList<DateTimeOffset> starts, string[]? pupils = null, SessionKind kind = SessionKind.OneToOne, string by = Alex) =>
        new(SessionIds.NewSeries(), Programme.Growth, pupils ?? [Sam], starts, 45, kind, SeriesFrequency.Weekly, "every Thursday", by, by);

    private static BookSeries Series(SessionWorld w) => w.Bot.Get<BookSeries>();

    private static async Task<SeriesOutcome.Booked> BookAllThatPassAsync(SessionWorld w, SeriesRequest request)
    {
        var verdict = await Series(w).CheckAsync(request);
        var outcome = await Series(w).BookAsync(request, verdict.Passing.Select(d => d.Start).ToList(), CancellationToken.None);
        return Assert.IsType<SeriesOutcome.Booked>(outcome);
    }

    [Fact]
    public async Task A_series_books_every_date_with_its_own_meeting_reminders_and_calendar_event_and_ONE_guardian_email()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(6));

        var booked = await BookAllThatPassAsync(w, request);

        Assert.Equal(6, booked.Sessions.Count);
        var stored = w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId).OrderBy(s => s.Start).ToList();
        Assert.Equal(request.Starts, stored.Select(s => s.Start));
        Assert.All(stored, s => Assert.Equal(SessionStatus.Scheduled, s.Status));
        Assert.Equal(6, stored.Select(s => s.Meeting!.MeetingId).Distinct().Count());
        Assert.Equal(6, w.Zoom.Meetings.Count);
        Assert.All(stored, s => Assert.Equal(4, w.PendingReminders(s.Id).Count)); // 24 h and 15 min, channel and host, per date
        Assert.All(stored, s => Assert.NotNull(w.CalendarChange(s.Id)));
        Assert.All(stored, s => Assert.Empty(w.Emails(s.Id)));
        Assert.DoesNotContain(w.Db.ZoomIntents.FindAll(), i => i.State == ZoomIntentState.Open);

        var email = Assert.Single(w.Emails(request.SeriesId));
        Assert.Equal(InvitationKind.Invitation, email.Kind);
        Assert.Equal("parent.p-0001@example.org", email.ToAddress);
        foreach (var s in stored)
        {
            Assert.Contains(s.Meeting!.JoinUrl, email.TextBody);
            Assert.Contains($"Passcode: {s.Meeting.Passcode}", email.TextBody);
        }
        Assert.Contains("6 weekly CHEXS Growth Programme video sessions", email.TextBody);
        Assert.Contains("every Thursday, 4:00pm to 4:45pm (UK time), from Thu 5 Nov 2026 to Thu 10 Dec 2026", email.TextBody);
        Assert.Contains(InvitationComposer.ZoomPrivacyUrl, email.TextBody); // P12, shared with the single invitation
        Assert.DoesNotContain("There is no session on", email.TextBody);

        var record = w.Db.Raw.GetCollection<BookingSeries>("series").FindById(request.SeriesId);
        Assert.Equal(stored.Select(s => s.Id), record.SessionIds);
        Assert.Single(w.Audit("series.booked"));
    }

    [Fact]
    public async Task A_D1_clash_on_one_date_blocks_that_date_only_and_the_guardians_are_told_it_is_skipped()
    {
        await using var w = await StartAsync();
        var clash = await w.BookAsync(OneToOne(start: Local(2026, 11, 19, 16, 30)));
        var request = Request(Thursdays(4));

        var verdict = await Series(w).CheckAsync(request);

        Assert.Equal([Local(2026, 11, 19, 16)], verdict.Blocked.Select(d => d.Start));
        Assert.All(verdict.Blocked[0].Verdict.Blocks, f => Assert.Equal(RuleCatalogue.DoubleBooking.Id, f.RuleId));
        Assert.Contains(verdict.Blocked[0].Verdict.Blocks, f => f.ProblemFor(Audience.Personal).Contains($"Sam Patel is already booked in session {clash.Id}"));
        Assert.Equal(3, verdict.Passing.Count);

        var booked = await BookAllThatPassAsync(w, request);
        Assert.Equal(3, booked.Sessions.Count);
        var skipped = Assert.Single(booked.Series.Skipped);
        Assert.Equal((Local(2026, 11, 19, 16), "D1"), (skipped.Start, Assert.Single(skipped.RuleIds)));
        Assert.Contains("There is no session on Thu 19 Nov 2026.", Assert.Single(w.Emails(request.SeriesId)).TextBody);
    }

    [Fact]
    public async Task A_birthday_mid_series_changes_the_adult_present_rule_from_that_date_on()
    {
        await using var w = await StartAsync();
        // Kai turns 14 on Thursday 19 November 2026 (P9: under 14 on the session date needs an adult present).
        await AddPupilAsync(w, "P-0005", "Kai", new DateOnly(2012, 11, 19));

        var verdict = await Series(w).CheckAsync(Request(Thursdays(3, Local(2026, 11, 12, 16)), ["P-0005"]));

        Assert.Equal([true, false, false], verdict.Dates.Select(d => d.Verdict.AdultPresenceRequired));
        Assert.All(verdict.Dates, d => Assert.True(d.Passes));
        var booked = await BookAllThatPassAsync(w, Request(Thursdays(3, Local(2026, 11, 12, 16)), ["P-0005"]));
        Assert.Equal([true, false, false], booked.Sessions.OrderBy(s => s.Start).Select(s => s.AdultPresenceRequired));
        // The one e-mail carries the P9 line: the pupil is under 14 on one of its dates.
        Assert.Contains("Because Kai is under 14", Assert.Single(w.Emails(booked.Series.Id)).TextBody);
    }

    [Fact]
    public async Task Annual_consent_ending_mid_series_blocks_the_dates_after_31_August_with_its_fix_and_next_year_s_consent_lets_them_pass()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(3, Local(2027, 8, 26, 16))); // 26 Aug (2026/27), 2 and 9 Sep (2027/28)

        var verdict = await Series(w).CheckAsync(request);

        Assert.Equal([Local(2027, 8, 26, 16)], verdict.Passing.Select(d => d.Start));
        Assert.Equal(2, verdict.Blocked.Count);
        var p4 = verdict.Blocked[0].Verdict.Blocks.Single(f => f.RuleId == RuleCatalogue.Consent.Id);
        Assert.Contains("Sam Patel", p4.ProblemFor(Audience.Personal));
        Assert.False(string.IsNullOrWhiteSpace(p4.FixFor(Audience.Personal)));

        await w.Bot.Get<IConsentRepository>().UpsertAsync(new Consent
        {
            Id = "C-P-0001-2027", PupilId = Sam, GuardianId = "parent.p-0001@example.org", Kind = ConsentKind.Annual, AcademicYearStart = 2027,
            Covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, GivenOn = new DateOnly(2026, 11, 2), Evidence = "FORM-2027",
        });
        Assert.Equal(3, (await Series(w).CheckAsync(request)).Passing.Count);
    }

    [Fact]
    public async Task Zoom_failing_on_the_4th_of_6_dates_books_nothing_deletes_the_3_meetings_made_and_says_which_date()
    {
        await using var w = await StartAsync();
        var creates = 0;
        w.Hooks.AfterCreate = () =>
        {
            if (++creates == 3) w.Zoom.Script("create", Fault.ServerError(503));
            return Task.CompletedTask;
        };
        var request = Request(Thursdays(6));
        var verdict = await Series(w).CheckAsync(request);

        var outcome = await Series(w).BookAsync(request, verdict.Passing.Select(d => d.Start).ToList(), CancellationToken.None);

        var notMade = Assert.IsType<SeriesOutcome.NotMade>(outcome);
        Assert.Contains("Thu 26 Nov 2026 (date 4 of 6)", notMade.Reason);
        Assert.Contains("nothing was booked", notMade.Reason);
        Assert.Contains("the 3 Zoom meetings already made for it are being deleted", notMade.Reason);
        Assert.Empty(w.Zoom.Meetings);
        Assert.Equal(3, w.Zoom.For("delete").Count());
        Assert.Empty(w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId));
        Assert.Null(w.Db.Raw.GetCollection<BookingSeries>("series").FindById(request.SeriesId));
        Assert.Equal(0, w.Db.GuardianEmails.Count());
        Assert.Equal(0, w.Db.Reminders.Count());
        // The 3 meetings made were deleted and their intents closed; the 4th create, which Zoom may have carried out
        // before failing, stays open for the reconciler (as for a single booking).
        var open = Assert.Single(w.Db.ZoomIntents.Find(i => i.State == ZoomIntentState.Open));
        Assert.Null(open.MeetingId);

        // Zoom recovers: the same confirm books the whole series.
        w.Hooks.AfterCreate = null;
        var retried = await Series(w).BookAsync(request, verdict.Passing.Select(d => d.Start).ToList(), CancellationToken.None);
        Assert.Equal(6, Assert.IsType<SeriesOutcome.Booked>(retried).Sessions.Count);
    }

    [Fact]
    public async Task Dates_that_pass_differently_from_what_was_confirmed_book_nothing()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(3));
        var confirmed = (await Series(w).CheckAsync(request)).Passing.Select(d => d.Start).ToList();
        await w.BookAsync(OneToOne(start: Local(2026, 11, 12, 16))); // booked meanwhile: D1 on the 2nd date

        var outcome = await Series(w).BookAsync(request, confirmed, CancellationToken.None);

        Assert.Equal([Local(2026, 11, 12, 16)], Assert.IsType<SeriesOutcome.Changed>(outcome).Now.Blocked.Select(d => d.Start));
        Assert.Empty(w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId));
        Assert.Single(w.Zoom.Meetings);
    }

    [Fact]
    public async Task A_repeated_confirm_reports_the_series_the_first_made()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(2));
        var first = await BookAllThatPassAsync(w, request);

        var again = await Series(w).BookAsync(request, request.Starts, CancellationToken.None);

        Assert.True(Assert.IsType<SeriesOutcome.Booked>(again).AlreadyBooked);
        Assert.Equal(2, w.Zoom.Meetings.Count);
        Assert.Equal(first.Sessions.Select(s => s.Id).Order(), ((SeriesOutcome.Booked)again).Sessions.Select(s => s.Id).Order());
    }

    [Fact]
    public async Task A_group_series_needs_ONE_approval_nobody_approves_their_own_and_approval_books_every_date()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(3, Local(2026, 11, 12, 16)), [Sam, Jo, Ria], SessionKind.Group);
        var verdict = await Series(w).CheckAsync(request);
        Assert.True(verdict.NeedsApproval);

        var waiting = Assert.IsType<SeriesOutcome.AwaitingApproval>(await Series(w).BookAsync(request, verdict.Passing.Select(d => d.Start).ToList(), CancellationToken.None));

        Assert.Equal(3, waiting.Sessions.Count);
        Assert.All(w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId), s => Assert.Equal(SessionStatus.AwaitingApproval, s.Status));
        Assert.Empty(w.Zoom.Meetings);
        var notice = Assert.Single(w.NoticesTo(Morgan));
        Assert.Contains("3 dates", notice.Text);
        var card = notice.CardJson!;
        Assert.Contains("Group series needs approval: 3 dates", card);
        Assert.Contains("Thu 12 Nov 2026, 4:00pm; Thu 19 Nov 2026, 4:00pm; Thu 26 Nov 2026, 4:00pm", card);
        Assert.Contains("Sam Patel", card); // the line manager decides in their own 1:1 chat: full names there (initials stay in channels, G6)

        var lead = waiting.Sessions.OrderBy(s => s.Start).First().Id;
        var decide = w.Bot.Get<DecideApproval>();
        Assert.IsType<ApprovalOutcome.Refused>(await decide.DecideAsync(lead, Alex, "Alex Host", approve: true, null, CancellationToken.None));

        var approved = await decide.DecideAsync(lead, Morgan, "Morgan Manager", approve: true, null, CancellationToken.None);

        Assert.IsType<ApprovalOutcome.Approved>(approved);
        var sessions = w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId).ToList();
        Assert.All(sessions, s => Assert.Equal((SessionStatus.Scheduled, Morgan), (s.Status, s.Approval!.DecidedBy)));
        Assert.Equal(3, w.Zoom.Meetings.Count);
        Assert.Equal(3, w.Emails(request.SeriesId).Count); // one per pupil's guardian, for all three dates
        Assert.Contains(w.NoticesTo(Alex), n => n.Text!.Contains($"Your group series {request.SeriesId} was approved by Morgan Manager: 3 dates"));
        // A second manager's click finds it decided.
        Assert.IsType<ApprovalOutcome.AlreadyDecided>(await decide.DecideAsync(lead, Jordan, "Jordan Lead", approve: true, null, CancellationToken.None));
    }

    [Fact]
    public async Task Rejecting_a_group_series_rejects_every_date_once()
    {
        await using var w = await StartAsync();
        var request = Request(Thursdays(2, Local(2026, 11, 12, 16)), [Sam, Jo], SessionKind.Group);
        var waiting = (SeriesOutcome.AwaitingApproval)await Series(w).BookAsync(request, request.Starts, CancellationToken.None);

        var rejected = await w.Bot.Get<DecideApproval>().DecideAsync(waiting.Sessions[0].Id, Morgan, "Morgan Manager", approve: false, "Not this term", CancellationToken.None);

        Assert.IsType<ApprovalOutcome.Rejected>(rejected);
        Assert.All(w.Db.Sessions.Find(s => s.SeriesId == request.SeriesId), s => Assert.Equal(SessionStatus.Rejected, s.Status));
        Assert.Empty(w.Zoom.Meetings);
    }

    [Fact]
    public async Task Cancelling_one_date_tells_the_guardians_about_that_date_and_cancelling_the_rest_cancels_each_remaining_date()
    {
        await using var w = await StartAsync();
        var booked = await BookAllThatPassAsync(w, Request(Thursdays(4)));
        var dates = booked.Sessions.OrderBy(s => s.Start).ToList();

        Assert.True(await w.Bot.Get<CancelSession>().CancelOnRequestAsync(dates[1].Id, Alex, "pupil away", CancellationToken.None));

        // The series e-mail (still waiting to go) stands; the cancellation for that one date goes too.
        Assert.Equal(OutboxStatus.Pending, Assert.Single(w.Emails(booked.Series.Id)).Status);
        var cancelled = Assert.Single(w.Emails(dates[1].Id));
        Assert.Equal(InvitationKind.Cancelled, cancelled.Kind);
        Assert.Contains("Thursday 12 November 2026", cancelled.TextBody);
        Assert.Empty(w.PendingReminders(dates[1].Id));
        Assert.Equal(4, w.PendingReminders(dates[2].Id).Count);

        w.Clock.SetUtcNow(Local(2026, 11, 5, 17)); // the first date has been held
        var rest = await w.Bot.Get<CancelSeries>().CancelRestAsync(booked.Series.Id, Alex, "programme ended", CancellationToken.None);

        Assert.Equal([dates[2].Id, dates[3].Id], rest.Select(s => s.Id));
        Assert.Equal(SessionStatus.Scheduled, w.Session(dates[0].Id)!.Status);
        Assert.All(new[] { dates[2], dates[3] }, s =>
        {
            Assert.Equal(SessionStatus.Cancelled, w.Session(s.Id)!.Status);
            Assert.Equal(InvitationKind.Cancelled, Assert.Single(w.Emails(s.Id)).Kind);
            Assert.Empty(w.PendingReminders(s.Id));
        });
        Assert.Equal(3, w.Db.MeetingRemovals.Count());
        Assert.Empty(await w.Bot.Get<CancelSeries>().CancelRestAsync(booked.Series.Id, Alex, "again", CancellationToken.None));
    }

    [Fact]
    public async Task Moving_one_date_moves_only_its_meeting_and_the_guardians_get_the_new_time()
    {
        await using var w = await StartAsync();
        var booked = await BookAllThatPassAsync(w, Request(Thursdays(3)));
        var second = booked.Sessions.OrderBy(s => s.Start).ElementAt(1);

        var moved = await w.Bot.Get<RescheduleSession>().RescheduleAsync(second.Id, Local(2026, 11, 13, 16), null, Alex, CancellationToken.None);

        Assert.IsType<RescheduleOutcome.Moved>(moved);
        Assert.Single(w.Zoom.For("update"));
        var email = Assert.Single(w.Emails(second.Id));
        Assert.Equal(InvitationKind.Rescheduled, email.Kind); // the series e-mail was its invitation
        Assert.Contains("Friday 13 November 2026", email.TextBody);
    }

    private static async Task AddPupilAsync(SessionWorld w, string id, string first, DateOnly born)
    {
        var guardian = new Guardian { Id = $"parent.{id.ToLowerInvariant()}@example.org", Name = $"Parent of {first}", Relationship = "Father", Email = $"parent.{id.ToLowerInvariant()}@example.org", PupilIds = { id } };
        await w.Bot.Get<IGuardianRepository>().UpsertAsync(guardian);
        await w.Bot.Get<IPupilRepository>().UpsertAsync(new Pupil { Id = id, FirstName = first, LastName = "Test", DateOfBirth = born, Programmes = { Programme.Growth }, GuardianIds = { guardian.Id } });
        await w.Bot.Get<IConsentRepository>().UpsertAsync(new Consent
        {
            Id = $"C-{id}-2026", PupilId = id, GuardianId = guardian.Id, Kind = ConsentKind.Annual, AcademicYearStart = 2026,
            Covers = ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, GivenOn = new DateOnly(2026, 8, 25), Evidence = "FORM",
        });
    }
}
