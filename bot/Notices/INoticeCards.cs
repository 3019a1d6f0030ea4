using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Notices;

/// <summary>Renders the card of a notice queued with a <see cref="StaffNotice.CardKind"/>, when it is delivered.</summary>
public interface INoticeCards
{
    string Kind { get; }

    /// <summary>The card for the record the notice names, or null when that record is gone (the notice is then dropped).</summary>
    Task<JObject?> RenderAsync(StaffNotice notice, CancellationToken ct);
}
