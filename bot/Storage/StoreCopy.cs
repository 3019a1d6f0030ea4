using Chexs.Bot.FollowUp;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Teams;
using Chexs.Bot.Zoom;

namespace Chexs.Bot.Storage;

/// <summary>
/// Copies every record from one store's ports to another's (moving from LiteDB to PostgreSQL), in one
/// transaction of the target: all of it lands or none. Ids are kept, including the outboxes' numbers; the audit
/// trail is appended oldest first (same times, actors and details; the target numbers it). Not copied: the
/// Bot Framework conversation state (dialogs in progress start over) — IStorage cannot list its keys.
/// </summary>
public static class StoreCopy
{
    /// <summary>Settings the bot keeps (ISettingsStore cannot list its keys, so they are named here).</summary>
    private static readonly string[] SettingKeys = ["cards.signingKey"];

    public static async Task<IReadOnlyList<(string What, int Count)>> CopyAsync(IServiceProvider from, IServiceProvider to, CancellationToken ct = default)
    {
        var copied = new List<(string, int)>();
        await to.GetRequiredService<IStoreTransactions>().RunAsync(async () =>
        {
            copied.Add(await Copy<IStaffRepository, StaffMember, string>("staff", from, to, ct));
            copied.Add(await Copy<IPupilRepository, Pupil, string>("pupils", from, to, ct));
            copied.Add(await Copy<IGuardianRepository, Guardian, string>("guardians", from, to, ct));
            copied.Add(await Copy<IConsentRepository, Consent, string>("consents", from, to, ct));
            copied.Add(await Copy<ISessionRepository, Session, string>("sessions", from, to, ct));
            copied.Add(await Copy<IBookingSeriesRepository, BookingSeries, string>("series", from, to, ct));
            copied.Add(await Copy<IInstallationRepository, InstallationRecord, string>("installations", from, to, ct));
            copied.Add(await Copy<IStaffNoticeOutbox, StaffNotice, string>("notices", from, to, ct));
            copied.Add(await Copy<IReminderRepository, Reminder, string>("reminders", from, to, ct));
            copied.Add(await Copy<IFollowUpRepository, FollowUpItem, string>("follow-ups", from, to, ct));
            copied.Add(await Copy<IScheduledJobRepository, ScheduledJobState, string>("scheduled jobs", from, to, ct));
            copied.Add(await Copy<IZoomIntentRepository, ZoomMeetingIntent, string>("Zoom intents", from, to, ct));
            copied.Add(await Copy<IZoomDeliveryRepository, ZoomDelivery, string>("Zoom deliveries", from, to, ct));
            copied.Add(await Copy<IGuardianEmailOutbox, GuardianEmailRow, long>("guardian e-mails", from, to, ct));
            copied.Add(await Copy<IHostCalendarEvents, HostCalendarEvent, string>("host calendar events", from, to, ct));
            copied.Add(await Copy<IHostCalendarChanges, HostCalendarChange, string>("host calendar changes", from, to, ct));
            copied.Add(await Copy<IMeetingRemovalOutbox, MeetingRemoval, long>("meeting removals", from, to, ct));
            copied.Add(await Copy<Concerns.IConcernDeliveryOutbox, Concerns.ConcernDelivery, string>("concern deliveries", from, to, ct));

            // Safeguarding concerns keep their numbers (C-12 stays C-12) and are inserted, never upserted: their port has no overwrite.
            var concerns = from.GetRequiredService<Concerns.IConcernRecords>();
            var raised = await concerns.AllAsync(ct);
            var entries = await concerns.AllEntriesAsync(ct);
            await to.GetRequiredService<Concerns.IConcernRecords>().CopyInAsync(raised, entries, ct);
            copied.Add(("safeguarding concerns", raised.Count));
            copied.Add(("concern entries", entries.Count));

            var audit = to.GetRequiredService<IAuditTrail>();
            var events = await from.GetRequiredService<IAuditTrail>().AllAsync(ct);
            foreach (var e in events) await audit.AppendAsync(e.At, e.Actor, e.Action, e.Records, e.Detail, ct);
            copied.Add(("audit events", events.Count));

            var settings = 0;
            foreach (var key in SettingKeys)
            {
                if (await StoredSettingAsync(from.GetRequiredService<ISettingsStore>(), key, ct) is not { } value) continue;
                await to.GetRequiredService<ISettingsStore>().GetOrAddAsync(key, () => value, ct);
                settings++;
            }
            copied.Add(("settings", settings));
        }, ct);
        return copied;
    }

    private static async Task<(string, int)> Copy<TRepository, T, TKey>(string what, IServiceProvider from, IServiceProvider to, CancellationToken ct)
        where TRepository : IRepository<T, TKey> where T : class
    {
        var all = await from.GetRequiredService<TRepository>().AllAsync(ct);
        await to.GetRequiredService<TRepository>().UpsertManyAsync(all, ct);
        return (what, all.Count);
    }

    /// <summary>The stored value, or null; never writes to the source (a missing key aborts its GetOrAdd before it stores anything).</summary>
    private static async Task<string?> StoredSettingAsync(ISettingsStore settings, string key, CancellationToken ct)
    {
        try
        {
            return await settings.GetOrAddAsync(key, () => throw new KeyNotFoundException(key), ct);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
