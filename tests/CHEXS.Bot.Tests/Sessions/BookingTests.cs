using System.Text.Json.Nodes;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Zoom;
using Chexs.Bot.Zoom;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// SessionBooking.BookAsync over the real services and the real Zoom client against the fake Zoom:
/// a booking is fully made (meeting, record, invitations, calendar, reminders, audit) or not at all.
/// </summary>
public sealed class BookingTests
{
    [Fact]
    public async Task An_allowed_one_to_one_is_fully_made()
    {
        await using var w = await StartAsync();
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var booked = Assert.IsType<BookingOutcome.Booked>(outcome);
        Assert.False(booked.AlreadyBooked);
        var session = w.Session(request.SessionId)!;
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Equal(Thursday4pm, session.Start);
        Assert.Equal(45, session.DurationMinutes);
        Assert.Equal(Alex, session.CreatedBy);
        Assert.Equal(Now, session.CreatedAt);
        Assert.Equal("Allowed", session.Verdict!.Outcome);

        // One meeting at Zoom, on the host's Zoom user, named by session id only, and it is the one stored.
        var create = Assert.Single(w.Zoom.For("create"));
        Assert.Equal($"/v2/users/{FakeZoomServer.HostUser}/meetings", create.PathAndQuery);
        var body = JsonNode.Parse(create.Body)!.AsObject();
        Assert.Equal($"CHEXS Growth Programme session {request.SessionId}", (string?)body["topic"]);
        Assert.Equal("2026-11-05T16:00:00", (string?)body["start_time"]);
        Assert.Equal("Europe/London", (string?)body["timezone"]);
        Assert.Equal(45, (int?)body["duration"]);
        var meeting = Assert.Single(w.Zoom.Meetings);
        Assert.Equal(meeting.Key, session.Meeting!.MeetingId);
        Assert.Equal((string?)meeting.Value["join_url"], session.Meeting.JoinUrl);
        Assert.Equal((string?)meeting.Value["password"], session.Meeting.Passcode);
        Assert.False(session.Meeting.Simulated);

        // The guardian invitation is queued, with the join details, to the guardian only.
        var email = Assert.Single(w.Emails(request.SessionId));
        Assert.Equal(InvitationKind.Invitation, email.Kind);
        Assert.Equal(OutboxStatus.Pending, email.Status);
        Assert.Equal("parent.p-0001@example.org", email.ToAddress);
        Assert.Contains(session.Meeting.JoinUrl, email.TextBody);
        Assert.Contains(session.Meeting.Passcode, email.TextBody);
        Assert.Equal(email.Id, Assert.Single(booked.Invitations.Queued).Id);
        Assert.True(booked.Invitations.EveryPupilCovered);

        // The host's calendar change, the reminders (G5: 24 hours and 15 minutes, channel and host).
        Assert.Equal(CalendarChangeStatus.Pending, w.CalendarChange(request.SessionId)!.Status);
        var reminders = w.PendingReminders(request.SessionId);
        Assert.Equal(4, reminders.Count);
        Assert.Equal(
            new[] { Thursday4pm.AddDays(-1), Thursday4pm.AddDays(-1), Thursday4pm.AddMinutes(-15), Thursday4pm.AddMinutes(-15) },
            reminders.Select(r => r.DueAt).Order().ToArray());
        Assert.Equal(2, reminders.Count(r => r.Audience == ReminderAudience.Host));

        // The Zoom create intent is closed by the booking itself.
        Assert.Equal(ZoomIntentState.Completed, Assert.Single(await w.Intents.ForSessionAsync(request.SessionId)).State);

        // One audit entry, without join link or passcode anywhere in the trail.
        var audit = Assert.Single(w.Audit("session.booked"));
        Assert.Equal(Alex, audit.Actor);
        Assert.Equal(new[] { request.SessionId, Sam }, audit.Records);
        Assert.Contains("Thursday 5 November 2026, 4:00pm to 4:45pm", audit.Detail);
        foreach (var entry in w.Db.Audit.FindAll())
        {
            Assert.DoesNotContain(session.Meeting.Passcode, entry.Detail ?? "");
            Assert.DoesNotContain("pwd=", entry.Detail ?? "");
            Assert.DoesNotContain(session.Meeting.JoinUrl, entry.Detail ?? "");
        }
        Assert.Empty(w.Audit("booking.refused"));
        Assert.Empty(await w.Removals.PendingAsync());
    }

    [Fact]
    public async Task A_pupil_without_consent_is_refused_and_nothing_is_stored_or_asked_of_Zoom()
    {
        await using var w = await StartAsync();
        var request = OneToOne(Noah);

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var blocked = Assert.IsType<BookingOutcome.Blocked>(outcome);
        Assert.Contains(blocked.Verdict.Blocks, f => f.RuleId == RuleCatalogue.Consent.Id && f.PupilId == Noah);
        await AssertNothingStored(w, request.SessionId);
        Assert.Empty(w.Zoom.Requests);
        var refusal = Assert.Single(w.Audit("booking.refused"));
        Assert.Equal(new[] { request.SessionId, Noah }, refusal.Records);
        Assert.StartsWith("P4: no consent covers N.C.", refusal.Detail);
        Assert.DoesNotContain("Noah", refusal.Detail); // G6: initials in the stored trail
    }

    [Fact]
    public async Task G1_allows_60_minutes_and_refuses_61()
    {
        await using var w = await StartAsync();
        var sixtyOne = OneToOne(minutes: 61);
        var sixty = OneToOne(minutes: 60);

        var refused = await w.Booking.BookAsync(sixtyOne, CancellationToken.None);
        Assert.Empty(w.Zoom.Requests);
        var made = await w.Booking.BookAsync(sixty, CancellationToken.None);

        var blocked = Assert.IsType<BookingOutcome.Blocked>(refused);
        Assert.Equal(RuleCatalogue.MaxLength.Id, Assert.Single(blocked.Verdict.Blocks).RuleId);
        await AssertNothingStored(w, sixtyOne.SessionId);
        Assert.Single(w.Audit("booking.refused"));
        Assert.IsType<BookingOutcome.Booked>(made);
        Assert.Single(w.Zoom.For("create"));
    }

    [Fact]
    public async Task Booking_the_same_request_twice_makes_one_meeting_and_reports_the_first_booking()
    {
        await using var w = await StartAsync();
        var request = OneToOne();

        var first = await w.Booking.BookAsync(request, CancellationToken.None);
        var second = await w.Booking.BookAsync(request, CancellationToken.None);

        Assert.False(Assert.IsType<BookingOutcome.Booked>(first).AlreadyBooked);
        var again = Assert.IsType<BookingOutcome.Booked>(second);
        Assert.True(again.AlreadyBooked);
        Assert.Equal(Assert.IsType<BookingOutcome.Booked>(first).Session.Meeting!.MeetingId, again.Session.Meeting!.MeetingId);
        Assert.Single(w.Zoom.For("create"));
        Assert.Single(w.Zoom.Meetings);
        Assert.Single(w.Emails(request.SessionId));
        Assert.Single(w.Audit("session.booked"));
    }

    [Fact]
    public async Task A_new_booking_that_drew_an_existing_reference_is_not_reported_as_that_booking()
    {
        await using var w = await StartAsync();
        var existing = await w.BookAsync(OneToOne(Sam));
        var unlucky = OneToOne(Ria, start: Thursday4pm.AddDays(1), id: existing.Id);

        var outcome = await w.Booking.BookAsync(unlucky, CancellationToken.None);

        Assert.Contains($"The reference {existing.Id} is already used", Assert.IsType<BookingOutcome.NotMade>(outcome).Reason);
        Assert.Equal(new[] { Sam }, w.Session(existing.Id)!.PupilIds);
        Assert.Single(w.Zoom.For("create"));
        Assert.DoesNotContain(w.Emails(existing.Id), e => e.PupilId == Ria);
    }

    [Fact]
    public async Task Two_simultaneous_confirms_of_one_request_make_one_meeting()
    {
        await using var w = await StartAsync();
        var request = OneToOne();

        var outcomes = await Task.WhenAll(
            w.Booking.BookAsync(request, CancellationToken.None),
            w.Booking.BookAsync(request, CancellationToken.None));

        var booked = outcomes.Select(o => Assert.IsType<BookingOutcome.Booked>(o)).ToList();
        Assert.Single(booked, b => !b.AlreadyBooked);
        Assert.Single(booked, b => b.AlreadyBooked);
        Assert.Single(w.Zoom.For("create"));
        Assert.Single(w.Emails(request.SessionId));
    }

    [Fact]
    public async Task Zoom_failing_on_create_books_nothing_and_says_so_and_a_retry_then_works()
    {
        await using var w = await StartAsync();
        w.Zoom.Script("create", Fault.ServerError(503));
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var notMade = Assert.IsType<BookingOutcome.NotMade>(outcome);
        Assert.Contains("NOT booked", notMade.Reason);
        Assert.Single(w.Zoom.For("create")); // a create that may have happened is never repeated blindly
        await AssertNothingStored(w, request.SessionId);
        Assert.Single(w.Audit("booking.not_made"));
        Assert.Empty(w.Audit("session.booked"));

        // Zoom recovers; the same Confirm now books it.
        var retried = await w.Booking.BookAsync(request, CancellationToken.None);
        Assert.False(Assert.IsType<BookingOutcome.Booked>(retried).AlreadyBooked);
        Assert.Equal(SessionStatus.Scheduled, w.Session(request.SessionId)!.Status);
    }

    [Fact]
    public async Task Zoom_not_answering_in_time_books_nothing()
    {
        await using var w = await StartAsync(s => s["Zoom:AttemptTimeout"] = "00:00:01");
        w.Zoom.Script("create", Fault.Slow(TimeSpan.FromSeconds(60)));
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var notMade = Assert.IsType<BookingOutcome.NotMade>(outcome);
        Assert.Contains("did not answer in time", notMade.Reason);
        Assert.Contains("NOT booked", notMade.Reason);
        await AssertNothingStored(w, request.SessionId);
        // The answer never came: the intent stays open so the reconciler can remove any meeting Zoom made.
        Assert.Equal(ZoomIntentState.Open, Assert.Single(await w.Intents.ForSessionAsync(request.SessionId)).State);
    }

    [Fact]
    public async Task A_safeguarding_setting_Zoom_overrides_refuses_the_booking_and_the_meeting_is_deleted()
    {
        await using var w = await StartAsync();
        w.Zoom.PolicyOverrides["waiting_room"] = false;
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var notMade = Assert.IsType<BookingOutcome.NotMade>(outcome);
        Assert.StartsWith("P7:", notMade.Reason);
        Assert.Contains("not booked", notMade.Reason);
        Assert.Contains("has been deleted", notMade.Reason);
        Assert.Single(w.Zoom.For("create"));
        Assert.Single(w.Zoom.For("delete"));
        Assert.Empty(w.Zoom.Meetings);
        await AssertNothingStored(w, request.SessionId);
    }

    [Fact]
    public async Task When_storing_the_booking_fails_after_Zoom_made_the_meeting_the_meeting_is_deleted_and_nothing_is_kept()
    {
        await using var w = await StartAsync();
        // A genuine LiteDB write failure at the LAST write of the booking's transaction (its audit entry):
        // a unique index on the audit action, with a "session.booked" entry already there.
        w.Db.Audit.EnsureIndex("one_per_action", "$.Action", unique: true);
        w.Db.AppendAudit(Now, "test", "session.booked", new[] { "S-OTHER" });
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var notMade = Assert.IsType<BookingOutcome.NotMade>(outcome);
        Assert.Contains("nothing was booked", notMade.Reason);
        Assert.Single(w.Zoom.For("create"));
        Assert.Single(w.Zoom.For("delete"));
        Assert.Empty(w.Zoom.Meetings);
        // Everything written before the failing write was rolled back with it.
        await AssertNothingStored(w, request.SessionId);
        // The meeting is gone, so its create intent is settled and the reconciler has nothing to chase.
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await w.Intents.ForSessionAsync(request.SessionId)).State);
        Assert.Contains("not stored", Assert.Single(w.Audit("booking.not_made")).Detail);
    }

    [Fact]
    public async Task When_storing_fails_and_Zoom_cannot_delete_either_the_reconciler_removes_the_meeting_later()
    {
        await using var w = await StartAsync(s => s["Zoom:MaxRetries"] = "1");
        w.Db.Audit.EnsureIndex("one_per_action", "$.Action", unique: true);
        w.Db.AppendAudit(Now, "test", "session.booked", new[] { "S-OTHER" });
        w.Zoom.Script("delete", Fault.ServerError(503), Fault.ServerError(503));
        var request = OneToOne();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        Assert.IsType<BookingOutcome.NotMade>(outcome);
        Assert.Single(w.Zoom.Meetings);
        Assert.Equal(ZoomIntentState.Open, Assert.Single(await w.Intents.ForSessionAsync(request.SessionId)).State);

        w.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await w.Bot.Get<ZoomIntentReconciler>().ReconcileOnceAsync());
        Assert.Empty(w.Zoom.Meetings);
        Assert.Null(w.Session(request.SessionId));
    }

    [Fact]
    public async Task Two_bookings_of_one_pupil_at_one_time_racing_through_Zoom_end_with_one_booking()
    {
        await using var w = await StartAsync();
        var first = OneToOne();
        var second = OneToOne();

        // Both pass the policy before either is stored; both reach Zoom.
        var outcomes = await Task.WhenAll(
            w.Booking.BookAsync(first, CancellationToken.None),
            w.Booking.BookAsync(second, CancellationToken.None));

        Assert.Equal(2, w.Zoom.For("create").Count());
        Assert.Single(outcomes.OfType<BookingOutcome.Booked>());
        var refused = Assert.IsType<BookingOutcome.Blocked>(Assert.Single(outcomes, o => o is not BookingOutcome.Booked));
        Assert.Contains(refused.Verdict.Blocks, f => f.RuleId == RuleCatalogue.DoubleBooking.Id);
        Assert.Single(w.Db.Sessions.FindAll());
        Assert.Single(w.Zoom.Meetings); // the loser's meeting was deleted
        Assert.Equal(w.Db.Sessions.FindAll().Single().Meeting!.MeetingId, w.Zoom.Meetings.Keys.Single());
    }

    [Fact]
    public async Task A_simulated_Zoom_books_a_meeting_marked_simulated()
    {
        await using var w = await StartAsync(s => s["Zoom:Simulate"] = "true");
        var request = OneToOne();

        var session = await w.BookAsync(request);

        Assert.True(session.Meeting!.Simulated);
        Assert.Contains(SimulatedZoomMeetings.FakeHost, session.Meeting.JoinUrl);
        Assert.Empty(w.Zoom.Requests);
        Assert.Contains("(simulated Zoom meeting)", Assert.Single(w.Audit("session.booked")).Detail);
        Assert.Single(w.Emails(request.SessionId));
    }

    [Fact]
    public async Task Check_judges_without_changing_anything()
    {
        await using var w = await StartAsync();

        var verdict = await w.Booking.CheckAsync(OneToOne(Noah));

        Assert.Equal(PolicyOutcome.Blocked, verdict.Outcome);
        Assert.Equal(PolicyOutcome.Allowed, (await w.Booking.CheckAsync(OneToOne())).Outcome);
        Assert.Empty(w.Db.Sessions.FindAll());
        Assert.Empty(w.Db.Audit.FindAll());
        Assert.Empty(w.Zoom.Requests);
    }

    internal static async Task AssertNothingStored(SessionWorld w, string sessionId)
    {
        Assert.Null(w.Session(sessionId));
        Assert.Empty(w.Emails(sessionId));
        Assert.Empty(await w.Reminders.ForSessionAsync(sessionId));
        Assert.Null(w.CalendarChange(sessionId));
        Assert.Empty(w.Db.Notices.FindAll());
        Assert.DoesNotContain(w.Audit("session.booked"), a => a.Records.Contains(sessionId));
        Assert.DoesNotContain(await w.Intents.ForSessionAsync(sessionId), i => i.State == ZoomIntentState.Completed);
    }
}
