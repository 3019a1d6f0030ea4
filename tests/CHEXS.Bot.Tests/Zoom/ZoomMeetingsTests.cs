using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chexs.Bot.Records;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>The real Zoom client (token, retries, safe settings, intents) against the local fake Zoom.</summary>
public sealed class ZoomMeetingsTests
{
    [Fact]
    public async Task Create_sends_the_safe_settings_and_returns_the_verified_meeting()
    {
        await using var h = await ZoomHarness.StartAsync();

        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());

        var create = Assert.Single(h.Server.For("create"));
        Assert.Equal("POST", create.Method);
        Assert.Equal("/v2/users/alex.host@chexs.example/meetings", create.PathAndQuery);
        Assert.Equal("Bearer tok-1", create.Authorization);
        Assert.False(create.Rejected);
        Assert.Equal(1, h.Server.TokenRequests);
        Assert.Equal(0, h.Server.BadTokenRequests);

        var body = JsonNode.Parse(create.Body)!.AsObject();
        Assert.Equal("CHEXS Growth Programme session S-7K3Q9", (string?)body["topic"]);
        Assert.Equal(2, (int?)body["type"]);
        Assert.Equal("2026-03-05T16:00:00", (string?)body["start_time"]); // GMT in March
        Assert.Equal("Europe/London", (string?)body["timezone"]);
        Assert.Equal(45, (int?)body["duration"]);
        var passcode = (string)body["password"]!;
        Assert.Matches("^[A-Za-z0-9]{1,10}$", passcode);
        var s = body["settings"]!.AsObject();
        Assert.True((bool?)s["waiting_room"]);
        Assert.Equal("custom", (string?)s["waiting_room_options"]!["mode"]);
        Assert.Equal("everyone", (string?)s["waiting_room_options"]!["who_goes_to_waiting_room"]);
        Assert.False((bool?)s["join_before_host"]);
        Assert.Equal("cloud", (string?)s["auto_recording"]);
        Assert.False((bool?)s["meeting_authentication"]);
        Assert.True((bool?)s["mute_upon_entry"]);
        Assert.Equal(2, (int?)s["approval_type"]);
        Assert.Null(s["encryption_type"]);

        var meeting = h.Server.Meetings[record.MeetingId];
        Assert.Equal((string?)meeting["join_url"], record.JoinUrl);
        Assert.Equal(passcode, record.Passcode);
        Assert.Equal(FakeZoomServer.HostUser, record.HostZoomUserId);
        Assert.False(record.Simulated);
        Assert.Equal(ZoomHarness.Start, record.CreatedAt);
        Assert.Empty(h.Server.For("delete"));

        // The intent carries Zoom's id; the booking completes it.
        var intent = Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9"));
        Assert.Equal(record.MeetingId, intent.MeetingId);
        Assert.Equal(ZoomIntentState.Open, intent.State);
        Assert.True(await h.Intents.CompleteAsync("S-7K3Q9", record.MeetingId));
        Assert.Equal(ZoomIntentState.Completed, (await h.Intents.FindAsync(intent.Id))!.State);
    }

    [Fact]
    public async Task Summer_start_is_sent_as_British_Summer_Time()
    {
        await using var h = await ZoomHarness.StartAsync();
        await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request(start: new DateTimeOffset(2026, 7, 1, 15, 0, 0, TimeSpan.Zero)));
        var body = JsonNode.Parse(Assert.Single(h.Server.For("create")).Body)!;
        Assert.Equal("2026-07-01T16:00:00", (string?)body["start_time"]);
    }

    public static TheoryData<string, string, string> Overrides => new()
    {
        { "waiting_room", "false", "P7" },
        { "waiting_room_options", """{"mode":"custom","who_goes_to_waiting_room":"users_not_in_account"}""", "P7" },
        { "join_before_host", "true", "P7" },
        { "auto_recording", "\"none\"", "P5" },
        { "encryption_type", "\"e2ee\"", "P5" },
        { "meeting_authentication", "true", "P13" },
        { "approval_type", "0", "P13" },
    };

    [Theory]
    [MemberData(nameof(Overrides))]
    public async Task An_overridden_safeguarding_setting_deletes_the_meeting_and_refuses_the_booking(string setting, string forced, string rule)
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.PolicyOverrides[setting] = JsonNode.Parse(forced);

        var refused = await Assert.ThrowsAsync<ZoomSettingsRefusedException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Contains(rule, refused.RuleIds);
        Assert.True(refused.MeetingDeleted);
        Assert.Contains($"{rule}:", refused.Message);
        Assert.Contains("not booked", refused.Message);
        var delete = Assert.Single(h.Server.For("delete"));
        Assert.Equal($"/v2/meetings/{refused.MeetingId}", delete.PathAndQuery);
        Assert.Empty(h.Server.Meetings);
        var intent = Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9"));
        Assert.Equal(ZoomIntentState.Abandoned, intent.State);
        Assert.Contains(h.Db.Audit.FindAll(), a => a.Action == "zoom.meeting.settings_refused" && a.Records.Contains($"zoom:{refused.MeetingId}"));
    }

    [Fact]
    public async Task Muted_on_entry_dropped_by_Zoom_is_not_a_safeguarding_refusal()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.PolicyOverrides["mute_upon_entry"] = JsonValue.Create(false);
        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        Assert.True(h.Server.Meetings.ContainsKey(record.MeetingId));
    }

    [Fact]
    public async Task A_setting_missing_from_the_create_answer_is_read_back_with_GET()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.OmitFromCreateAnswer.Add("waiting_room_options");

        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());

        Assert.Equal($"/v2/meetings/{record.MeetingId}", Assert.Single(h.Server.For("get")).PathAndQuery);
        Assert.Empty(h.Server.For("delete"));
    }

    [Fact]
    public async Task A_setting_Zoom_never_reports_is_refused_fail_closed()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.OmitFromCreateAnswer.Add("waiting_room_options");
        h.Server.OmitFromGetAnswer.Add("waiting_room_options");

        var refused = await Assert.ThrowsAsync<ZoomSettingsRefusedException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Equal(new[] { "P7" }, refused.RuleIds);
        Assert.Empty(h.Server.Meetings);
    }

    public static TheoryData<string> RetryAfterKinds => new() { "seconds", "date", "none" };

    [Theory]
    [MemberData(nameof(RetryAfterKinds))]
    public async Task A_429_is_retried_honouring_Retry_After_then_succeeds(string kind)
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.Script("create", Fault.RateLimited(kind switch
        {
            "seconds" => _ => "1",
            "date" => now => now.AddSeconds(1).ToString("r"),
            _ => null,
        }));

        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());

        var attempts = h.Server.For("create").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Single(h.Server.Meetings);
        Assert.True(h.Server.Meetings.ContainsKey(record.MeetingId));
        if (kind != "none")
        {
            // Zoom asked for one second (as a number, or as a date one second after its clock).
            Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {attempts[1].At - attempts[0].At}");
        }
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_we_wait_gives_up_and_books_nothing()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.Script("create", Fault.RateLimited(now => now.AddHours(6).ToString("r")));

        var failed = await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Single(h.Server.For("create"));
        Assert.Contains("NOT booked", failed.Message);
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
    }

    [Fact]
    public async Task Server_errors_are_retried_for_get_update_and_delete()
    {
        await using var h = await ZoomHarness.StartAsync();
        var id = h.Server.AddMeeting("CHEXS Growth Programme session S-AAAAA");
        h.Server.Script("get", Fault.ServerError(503), Fault.ServerError(500));
        h.Server.Script("update", Fault.ServerError(502));
        h.Server.Script("delete", Fault.ServerError(504));

        var startUrl = await h.Zoom.GetStartUrlAsync(id);
        await h.Zoom.RescheduleAsync(id, new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.Zero), "Europe/London", 30);
        await h.Zoom.DeleteAsync(id);

        Assert.Equal(3, h.Server.For("get").Count());
        Assert.StartsWith(h.Server.BaseUri + "s/" + id, startUrl);
        var patches = h.Server.For("update").ToList();
        Assert.Equal(2, patches.Count);
        var patch = JsonNode.Parse(patches[1].Body)!;
        Assert.Equal("2026-03-06T17:00:00", (string?)patch["start_time"]);
        Assert.Equal("Europe/London", (string?)patch["timezone"]);
        Assert.Equal(30, (int?)patch["duration"]);
        Assert.Equal(2, h.Server.For("delete").Count());
        Assert.Empty(h.Server.Meetings);
    }

    [Fact]
    public async Task A_create_that_gets_a_server_error_is_not_retried_and_books_nothing()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.Script("create", Fault.ServerError(503));

        var failed = await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Single(h.Server.For("create"));
        Assert.Contains("NOT booked", failed.Message);
        // Zoom's answer was unclear, so the intent stays open for the reconciler.
        Assert.Equal(ZoomIntentState.Open, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
    }

    [Fact]
    public async Task A_create_Zoom_performed_but_answered_with_5xx_is_found_by_topic_and_deleted_by_the_reconciler()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.Script("create", Fault.CreatedButFailed(502));
        var other = h.Server.AddMeeting("CHEXS Growth Programme session S-7K3Q9X"); // a different session

        await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));
        Assert.Equal(2, h.Server.Meetings.Count);
        Assert.Single(h.Server.For("create"));

        Assert.Equal(0, await h.Reconciler.ReconcileOnceAsync()); // still inside the grace period
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await h.Reconciler.ReconcileOnceAsync());

        Assert.Equal(new[] { other }, h.Server.Meetings.Keys.ToArray());
        Assert.StartsWith("/v2/users/alex.host@chexs.example/meetings?type=scheduled", Assert.Single(h.Server.For("list")).PathAndQuery);
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
        Assert.Contains(h.Db.Audit.FindAll(), a => a.Action == "zoom.meeting.orphan_deleted" && a.Records.Contains("S-7K3Q9"));
    }

    [Fact]
    public async Task A_slow_Zoom_times_out_a_get_after_retries_and_a_create_without_retry()
    {
        await using var h = await ZoomHarness.StartAsync(s =>
        {
            s["Zoom:AttemptTimeout"] = "00:00:03"; // long enough for each retry to reach the fake on a loaded machine
            s["Zoom:MaxRetries"] = "2";
        });
        var id = h.Server.AddMeeting("CHEXS Growth Programme session S-AAAAA");
        var slow = Fault.Slow(TimeSpan.FromSeconds(60));
        h.Server.Script("get", slow, slow, slow);
        h.Server.Script("create", slow);

        var getFailed = await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.GetStartUrlAsync(id));
        var createFailed = await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Contains("did not answer in time", getFailed.Message);
        Assert.Equal(3, h.Server.For("get").Count());
        Assert.Contains("NOT booked", createFailed.Message);
        Assert.Single(h.Server.For("create"));
        Assert.Equal(ZoomIntentState.Open, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
    }

    [Fact]
    public async Task Deleting_a_meeting_Zoom_no_longer_has_counts_as_done()
    {
        await using var h = await ZoomHarness.StartAsync();

        await h.Zoom.DeleteAsync(123456789);

        Assert.Equal("/v2/meetings/123456789", Assert.Single(h.Server.For("delete")).PathAndQuery);
        await Assert.ThrowsAsync<ZoomMeetingNotFoundException>(() => h.Zoom.GetStartUrlAsync(123456789));
        await Assert.ThrowsAsync<ZoomMeetingNotFoundException>(() =>
            h.Zoom.RescheduleAsync(123456789, ZoomHarness.Start.AddDays(3), "Europe/London", 30));
    }

    [Fact]
    public async Task One_token_serves_many_concurrent_calls()
    {
        await using var h = await ZoomHarness.StartAsync();
        var ids = Enumerable.Range(0, 8).Select(i => h.Server.AddMeeting($"CHEXS Growth Programme session S-0000{i}")).ToList();

        var urls = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => h.Zoom.GetStartUrlAsync(ids[i % ids.Count])));

        Assert.Equal(40, urls.Length);
        Assert.Equal(1, h.Server.TokenRequests);
        Assert.All(h.Server.For("get"), r => Assert.Equal("Bearer tok-1", r.Authorization));
    }

    [Fact]
    public async Task The_token_is_renewed_shortly_before_it_expires()
    {
        await using var h = await ZoomHarness.StartAsync();
        var id = h.Server.AddMeeting("CHEXS Growth Programme session S-AAAAA");

        await h.Zoom.GetStartUrlAsync(id);
        h.Clock.Advance(TimeSpan.FromMinutes(54)); // 6 minutes left: still good
        await h.Zoom.GetStartUrlAsync(id);
        Assert.Equal(1, h.Server.TokenRequests);

        h.Clock.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: renew (TokenRenewBefore = 5 minutes)
        await h.Zoom.GetStartUrlAsync(id);

        Assert.Equal(2, h.Server.TokenRequests);
        Assert.Equal("Bearer tok-2", h.Server.For("get").Last().Authorization);
    }

    [Fact]
    public async Task A_token_Zoom_refuses_is_replaced_and_the_call_succeeds()
    {
        await using var h = await ZoomHarness.StartAsync();
        var id = h.Server.AddMeeting("CHEXS Growth Programme session S-AAAAA");
        await h.Zoom.GetStartUrlAsync(id);
        h.Server.RevokeTokens();

        await h.Zoom.GetStartUrlAsync(id);

        Assert.Equal(2, h.Server.TokenRequests);
        var gets = h.Server.For("get").ToList();
        Assert.True(gets[1].Rejected);
        Assert.Equal("Bearer tok-2", gets[2].Authorization);
    }

    [Fact]
    public async Task Wrong_credentials_give_a_plain_sentence_and_no_meeting()
    {
        await using var h = await ZoomHarness.StartAsync(s => s["Zoom:ClientSecret"] = "not-the-secret");

        var failed = await Assert.ThrowsAsync<ZoomUnavailableException>(() => h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request()));

        Assert.Contains("credentials", failed.Message);
        Assert.Contains("NOT booked", failed.Message);
        Assert.Empty(h.Server.For("create"));
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
    }

    [Fact]
    public async Task Logs_never_contain_the_join_link_start_link_or_passcode()
    {
        await using var h = await ZoomHarness.StartAsync();
        h.Server.Script("create", Fault.RateLimited());

        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        var startUrl = await h.Zoom.GetStartUrlAsync(record.MeetingId);

        var logs = h.Logs.All;
        Assert.Contains(record.MeetingId.ToString(), logs); // the logs did capture the create
        Assert.DoesNotContain(record.JoinUrl, logs);
        Assert.DoesNotContain(record.Passcode, logs);
        Assert.DoesNotContain(startUrl, logs);
        Assert.DoesNotContain("pwd=", logs);
        Assert.DoesNotContain("tok-1", logs);
    }

    [Fact]
    public async Task Crash_after_create_the_reconciler_deletes_the_meeting_no_session_holds()
    {
        await using var h = await ZoomHarness.StartAsync();
        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        // ...the process dies here: no session record is written, Complete is never called.

        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var settled = await h.Reconciler.ReconcileOnceAsync();

        Assert.Equal(1, settled);
        Assert.Equal($"/v2/meetings/{record.MeetingId}", Assert.Single(h.Server.For("delete")).PathAndQuery);
        Assert.Empty(h.Server.Meetings);
        Assert.Empty(h.Server.For("list")); // the stored id was enough
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
        Assert.Contains(h.Db.Audit.FindAll(), a => a.Action == "zoom.meeting.orphan_deleted" && a.Records.Contains($"zoom:{record.MeetingId}"));
    }

    [Fact]
    public async Task The_reconciler_keeps_a_meeting_the_session_holds()
    {
        await using var h = await ZoomHarness.StartAsync();
        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        // The booking was written but the process died before Complete.
        h.Db.Sessions.Insert(new Session { Id = "S-7K3Q9", Meeting = record, Start = ZoomHarness.Start.AddDays(3), DurationMinutes = 45 });

        h.Clock.Advance(TimeSpan.FromMinutes(11));
        await h.Reconciler.ReconcileOnceAsync();

        Assert.Empty(h.Server.For("delete"));
        Assert.True(h.Server.Meetings.ContainsKey(record.MeetingId));
        Assert.Equal(ZoomIntentState.Completed, Assert.Single(await h.Intents.ForSessionAsync("S-7K3Q9")).State);
    }

    [Fact]
    public async Task A_completed_intent_is_left_alone_by_the_reconciler()
    {
        await using var h = await ZoomHarness.StartAsync();
        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        await h.Intents.CompleteAsync("S-7K3Q9", record.MeetingId);

        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.Reconciler.ReconcileOnceAsync());
        Assert.True(h.Server.Meetings.ContainsKey(record.MeetingId));
    }

    [Fact]
    public async Task A_topic_without_the_session_id_is_refused_before_calling_Zoom()
    {
        await using var h = await ZoomHarness.StartAsync();
        var request = ZoomHarness.Request() with { Topic = "CHEXS Growth Programme session" };
        await Assert.ThrowsAsync<ArgumentException>(() => h.Zoom.CreateSafeMeetingAsync(request));
        Assert.Empty(h.Server.Requests);
    }
}
