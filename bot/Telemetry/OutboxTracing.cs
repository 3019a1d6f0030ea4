using System.Diagnostics;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;

namespace Chexs.Bot.Telemetry;

/// <summary>
/// Spans for the outbox deliveries, as decorators on the senders, so the workers and the Graph edge stay
/// untouched. The span says which outbox and what happened; never the recipient, subject or body
/// (those carry guardians' addresses, pupils' names and the join link).
/// </summary>
public sealed class TracedMailSender(IMailSender inner) : IMailSender
{
    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
        OutboxSpan.RunAsync("guardian_email", "send", () => inner.SendAsync(mail, cancellationToken));

    public Task<bool> WasSentAsync(OutgoingMail mail, CancellationToken cancellationToken) =>
        OutboxSpan.RunAsync("guardian_email", "confirm_sent", () => inner.WasSentAsync(mail, cancellationToken));
}

public sealed class TracedHostCalendar(IHostCalendar inner) : IHostCalendar
{
    public Task<string> CreateEventAsync(string hostId, HostCalendarEntry entry, string transactionId, CancellationToken cancellationToken) =>
        OutboxSpan.RunAsync("host_calendar", "create", () => inner.CreateEventAsync(hostId, entry, transactionId, cancellationToken));

    public Task<bool> UpdateEventAsync(string hostId, string eventId, HostCalendarEntry entry, CancellationToken cancellationToken) =>
        OutboxSpan.RunAsync("host_calendar", "update", () => inner.UpdateEventAsync(hostId, eventId, entry, cancellationToken));

    public Task DeleteEventAsync(string hostId, string eventId, CancellationToken cancellationToken) =>
        OutboxSpan.RunAsync("host_calendar", "delete", () => inner.DeleteEventAsync(hostId, eventId, cancellationToken));
}

internal static class OutboxSpan
{
    public static async Task RunAsync(string outbox, string operation, Func<Task> work) =>
        await RunAsync(outbox, operation, async () => { await work().ConfigureAwait(false); return true; }).ConfigureAwait(false);

    public static async Task<T> RunAsync<T>(string outbox, string operation, Func<Task<T>> work)
    {
        using var activity = ChexsTelemetry.Source.StartActivity($"outbox.send {outbox}", ActivityKind.Producer);
        activity?.SetTag("chexs.outbox", outbox);
        activity?.SetTag("chexs.outbox.operation", operation);
        try
        {
            var result = await work().ConfigureAwait(false);
            activity?.SetTag("chexs.outcome", "ok");
            return result;
        }
        catch (Exception e)
        {
            activity?.SetTag("chexs.outcome", "failed");
            ChexsTelemetry.Fail(activity, e);
            throw;
        }
    }
}
