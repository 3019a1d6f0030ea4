using System.Globalization;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;

namespace Chexs.Bot.DataExchange;

/// <summary>
/// Development only: on a first run (no pupils yet) loads the fictional pupils, guardians and consents
/// in samples/ through the real importers, and makes sure the Playground identities exist as staff,
/// so the demo can show every rule. Registered only when the environment is Development; setting
/// DevelopmentSeed:Enabled=false turns it off (for tests that want an empty database).
/// </summary>
public sealed class DevelopmentSeed : IHostedService
{
    /// <summary>The academic year the sample files are written for; dates move on with the calendar.</summary>
    public const int SamplesAcademicYear = 2026;
    public const string Actor = "system:development-seed";

    /// <summary>The development identities (PREAMBLE): Alex hosts, Morgan and Jordan manage.</summary>
    public static readonly IReadOnlyList<StaffMember> DevelopmentStaff = new[]
    {
        new StaffMember
        {
            Id = "00000000-0000-0000-0000-00000000a001", DisplayName = "Alex Host", Email = "alex.host@chexs.example",
            Role = StaffRole.Staff, ZoomUserId = "alex.host@chexs.example", LineManagerId = "00000000-0000-0000-0000-00000000b001",
        },
        new StaffMember { Id = "00000000-0000-0000-0000-00000000b001", DisplayName = "Morgan Manager", Email = "morgan.manager@chexs.example", Role = StaffRole.Manager },
        new StaffMember { Id = "00000000-0000-0000-0000-00000000b002", DisplayName = "Jordan Lead", Email = "jordan.lead@chexs.example", Role = StaffRole.Manager },
        // The Designated Safeguarding Lead of the development settings (Safeguarding:LeadIds).
        new StaffMember { Id = "00000000-0000-0000-0000-00000000d001", DisplayName = "Dana Safeguarding", Email = "dana.safeguarding@chexs.example", Role = StaffRole.Staff },
    };

    private readonly IStaffRepository _staff;
    private readonly IPupilRepository _pupilRecords;
    private readonly PupilImport _pupils;
    private readonly ConsentImport _consents;
    private readonly OrgCalendar _calendar;
    private readonly TimeProvider _clock;
    private readonly ILogger<DevelopmentSeed> _log;
    private readonly string _samplesFolder;

    public DevelopmentSeed(IStaffRepository staff, IPupilRepository pupilRecords, PupilImport pupils, ConsentImport consents, OrgCalendar calendar, TimeProvider clock,
        ILogger<DevelopmentSeed> log, string? samplesFolder = null)
    {
        _staff = staff;
        _pupilRecords = pupilRecords;
        _pupils = pupils;
        _consents = consents;
        _calendar = calendar;
        _clock = clock;
        _log = log;
        _samplesFolder = samplesFolder ?? Path.Combine(AppContext.BaseDirectory, "samples");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SeedAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that cannot be opened is reported by /healthz; the demo data simply is not loaded.
            _log.LogError(e, "Development seed data not loaded: the database could not be opened");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Returns true when the sample pupils and consents were loaded by this call.</summary>
    public async Task<bool> SeedAsync()
    {
        foreach (var staff in DevelopmentStaff)
        {
            if (await _staff.FindAsync(staff.Id) is not null) continue;
            await _staff.InsertAsync(staff);
            _log.LogInformation("Development seed: added staff member {Name}.", staff.DisplayName);
        }
        if (await _pupilRecords.CountAsync() > 0) return false;

        try
        {
            var shift = Math.Max(0, _calendar.AcademicYearOf(_calendar.LocalDate(_clock.GetUtcNow())) - SamplesAcademicYear);
            var pupilLines = CsvSheet.Read(Path.Combine(_samplesFolder, "pupils.csv"), PupilImport.Columns)
                .Select(l => ShiftDate(l, "date_of_birth", shift)).ToList();
            var consentLines = CsvSheet.Read(Path.Combine(_samplesFolder, "consents.csv"), ConsentImport.Columns)
                .Select(l => ShiftYear(ShiftDate(ShiftDate(l, "given_on", shift), ConsentImport.WithdrawnOnColumn, shift), shift)).ToList();
            var pupils = await _pupils.ImportAsync(pupilLines, "samples/pupils.csv", dryRun: false, Actor);
            if (!pupils.Ok)
            {
                _log.LogError("Development seed: samples/pupils.csv was refused: {Errors}", string.Join("; ", pupils.Errors));
                return false;
            }
            var consents = await _consents.ImportAsync(consentLines, "samples/consents.csv", dryRun: false, Actor);
            if (!consents.Ok)
            {
                _log.LogError("Development seed: samples/consents.csv was refused: {Errors}", string.Join("; ", consents.Errors));
                return false;
            }
            _log.LogInformation("Development seed loaded {Pupils} and {Consents}.", pupils.Summary(), consents.Summary());
            return true;
        }
        catch (Exception e) when (e is IOException or CsvFileException)
        {
            _log.LogError(e, "Development seed: could not read the sample files in {Folder}.", _samplesFolder);
            return false;
        }
    }

    // The samples are written for 2026/27; in a later year every date moves on by whole years so the
    // same rules still show (ages, "last year's consent", a withdrawal).
    private static CsvLine ShiftDate(CsvLine line, string column, int years) =>
        years == 0 || !PupilImport.TryDate(line[column], out var d) ? line : line.With(column, d.AddYears(years).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static CsvLine ShiftYear(CsvLine line, int years) =>
        years == 0 || !OrgCalendar.TryParseAcademicYear(line["academic_year"], out var y) ? line : line.With("academic_year", OrgCalendar.AcademicYearLabel(y + years));
}
