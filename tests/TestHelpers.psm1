# Shared helpers for the Pester suites: where the built module is, and how to run code in a fresh pwsh.

function Get-RealtimeOpsModulePath {
    if (-not $env:REALTIMEOPS_MODULE_PATH) { throw 'REALTIMEOPS_MODULE_PATH is not set: run the suites through build.ps1 Test.' }
    Join-Path $env:REALTIMEOPS_MODULE_PATH 'RealtimeOps.psd1'
}

function Get-RepoRoot { $env:REALTIMEOPS_REPO_ROOT }

# Runs a script in a new pwsh process (same PowerShell as this one) and returns its output as JSON-decoded objects.
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSeconds = 120
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ro-fresh-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    try {
        $psi = [Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        if (Test-Path $pwshDll) { $psi.ArgumentList.Add($pwshDll) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $file) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); throw "Fresh pwsh did not finish within $TimeoutSeconds s." }
        [pscustomobject]@{ ExitCode = $p.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}

# Waits until a condition holds (the emulator saw a request, a stopped runspace stored its result). The guard only stops a
# hang from blocking the suite: tests assert the order of events, never how long they took.
function Wait-TestCondition {
    param(
        [Parameter(Mandatory, Position = 0)] [scriptblock] $Condition,
        [Parameter(Mandatory, Position = 1)] [string] $Failure,
        [int] $GuardSeconds = 60
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($GuardSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "$Failure (gave up after $GuardSeconds s: a hang)" }
        Start-Sleep -Milliseconds 20
    }
}

# PowerShell.Stop() (Ctrl+C) on a pipeline started with BeginInvoke; fails when Stop() does not return (a hang) or the
# pipeline did not end Stopped.
function Stop-TestPipeline {
    param(
        [Parameter(Mandatory, Position = 0)] [powershell] $Shell,
        [string] $Because,
        [int] $GuardSeconds = 60
    )
    $stop = $Shell.BeginStop($null, $null)
    if (-not $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($GuardSeconds))) { throw "Stop() did not return within $GuardSeconds s: $Because" }
    $Shell.EndStop($stop)
    if ($Shell.InvocationStateInfo.State -ne 'Stopped') { throw "The pipeline ended '$($Shell.InvocationStateInfo.State)', not Stopped: $Because" }
}

# Emulators started by Initialize-RealtimeOpsTest, stopped by Complete-RealtimeOpsTest.
$script:StartedEmulators = [System.Collections.Generic.List[object]]::new()

function Initialize-RealtimeOpsTest {
    <#
    .SYNOPSIS
        The set-up a *.Tests.ps1 file starts with, in its top-level BeforeAll:

            BeforeAll {
                Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
                Initialize-RealtimeOpsTest -Emulator          # -Scenario transcription-500, -Https
            }
            AfterAll { Complete-RealtimeOpsTest }

        Imports the emulator helpers and the built module (out/ only) for the whole file, and sets these variables in
        the caller's scope: $Manifest (the built module's manifest path, for fresh pwsh processes); with -Emulator also
        $emu (a started emulator, see EmulatorHelpers.psm1) and $Key (its api key as a SecureString).
    .PARAMETER Emulator
        Start an emulator for the file.
    .PARAMETER Scenario
        The emulator's starting scenario (default healthy).
    .PARAMETER Https
        Start the emulator with TLS (bearer tokens need it).
    .PARAMETER NoModule
        Do not import RealtimeOps (a file that tests the emulator alone, or imports the module in fresh processes only).
    #>
    [CmdletBinding()]
    param(
        [switch] $Emulator,
        [string] $Scenario = 'healthy',
        [switch] $Https,
        [switch] $NoModule
    )
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force -Global
    $manifest = Get-RealtimeOpsModulePath
    if (-not $NoModule) { Import-Module $manifest -Force -Global }
    $PSCmdlet.SessionState.PSVariable.Set('Manifest', $manifest)
    if ($Emulator) {
        $started = Start-RealtimeOpsEmulator -Scenario $Scenario -Https:$Https
        $script:StartedEmulators.Add($started)
        $PSCmdlet.SessionState.PSVariable.Set('emu', $started)
        $PSCmdlet.SessionState.PSVariable.Set('Key', (ConvertTo-SecureString $started.ApiKey -AsPlainText -Force))
    }
}

function Complete-RealtimeOpsTest {
    <#
    .SYNOPSIS
        The AfterAll of a file set up by Initialize-RealtimeOpsTest: forgets the runspace's connection and recorded
        exchanges, and stops the emulators Initialize-RealtimeOpsTest started (no other process).
    #>
    [CmdletBinding()]
    param()
    if (Get-Command Disconnect-RealtimeOps -ErrorAction Ignore) { Disconnect-RealtimeOps -ClearExchange }
    foreach ($e in @($script:StartedEmulators)) {
        $e | Stop-RealtimeOpsEmulator
        $null = $script:StartedEmulators.Remove($e)
    }
}

Export-ModuleMember -Function Get-RealtimeOpsModulePath, Get-RepoRoot, Invoke-FreshPwsh, Initialize-RealtimeOpsTest, Complete-RealtimeOpsTest,
    Wait-TestCondition, Stop-TestPipeline
