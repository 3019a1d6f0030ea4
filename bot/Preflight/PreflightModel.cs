namespace Chexs.Bot.Preflight;

/// <summary>One line of the preflight report: what was checked, whether it holds, and if not how to fix it.</summary>
public sealed record CheckResult(bool Passed, string Area, string What, string? Fix = null)
{
    public const string Pass = "✔";
    public const string FailMark = "✘";

    public static CheckResult Ok(string area, string what) => new(true, area, what);
    public static CheckResult Fail(string area, string what, string fix) => new(false, area, what, fix);

    public override string ToString() => $"{(Passed ? Pass : FailMark)} {Area}: {What}{(Passed || Fix is null ? "" : " — fix: " + Fix)}";
}

/// <summary>A host whose calendar and Zoom user are checked: how Graph and Zoom know them, and how the report names them.</summary>
public sealed record PreflightHost(string Label, string GraphUser, string? ZoomUser);

/// <summary>
/// What one run may do. Read-only (the Teams <c>status</c> command) sends no test email and writes no
/// calendar event; it reads instead, which proves less (read access, not send or write).
/// </summary>
public sealed record PreflightRun(bool ReadOnly, IReadOnlyList<PreflightHost> Hosts);

/// <summary>One area of the preflight (Bot Framework, Graph, Zoom, database, secrets, policy).</summary>
public interface IPreflightCheck
{
    string Area { get; }
    Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct);
}
