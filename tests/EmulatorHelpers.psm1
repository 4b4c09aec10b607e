<#
.SYNOPSIS
    Starts and drives the RealtimeOps emulator (tests/RealtimeOps.Emulator) from Pester tests.

.DESCRIPTION
    The emulator is a loopback stand-in for Azure OpenAI Realtime (client_secrets and the old preview
    sessions endpoint), Azure Resource Manager account/deployment reads and managed-identity token endpoints
    (App Service/Automation and VM/IMDS). It listens on 127.0.0.1 only, on a free port.
    Contract, scenarios and defaults: tests/RealtimeOps.Emulator/README.md.

    A *.Tests.ps1 file that tests the module starts with Initialize-RealtimeOpsTest -Emulator (TestHelpers.psm1),
    which imports this module and the built RealtimeOps and starts one emulator as $emu. Used alone:

        BeforeAll {
            Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
            $script:emu = Start-RealtimeOpsEmulator                  # -Scenario transcription-500, -ConfigPath x.json
        }
        AfterAll { $script:emu | Stop-RealtimeOpsEmulator }

        It 'mints' {
            $r = Invoke-RestMethod -Method Post -Uri "$($emu.BaseUri)/openai/v1/realtime/client_secrets" `
                -Headers @{ 'api-key' = $emu.ApiKey } -ContentType application/json `
                -Body '{"session":{"type":"realtime","model":"gpt-realtime"}}'
            Set-EmulatorScenario -Emulator $emu -Name throttle -Count 2
            Get-EmulatorRequest -Emulator $emu -Path '/openai/v1/realtime/client_secrets'
        }

    The object Start-RealtimeOpsEmulator returns (RealtimeOps.EmulatorInstance) has:
        BaseUri            'http://127.0.0.1:<port>' (no trailing slash; https:// with -Https)
        CertificatePath    with -Https: the PEM of its self-signed certificate (SSL_CERT_FILE for clients)
        Port, Process      the emulator's port and System.Diagnostics.Process
        ApiKey             the first configured api key (default 'emulator-key-0001')
        IdentityEndpoint   value for IDENTITY_ENDPOINT ('<BaseUri>/msi/token')
        IdentityHeader     value for IDENTITY_HEADER (default 'emulator-identity-header')
        SubscriptionId, ResourceGroupName, AccountName   the first (data-plane) account, for ARM reads
        ResourceManagerEndpoint  '<BaseUri>/' (ARM is served by the same listener)
        RegionDisplayName  what x-ms-region says (default 'Sweden Central')
        Configuration      the whole effective configuration (accounts, deployments...)

    Every other function takes -Emulator (also from the pipeline); without it, the most recently started
    emulator that is still running is used.

    Set-EmulatorIdentityEnvironment sets IDENTITY_ENDPOINT and IDENTITY_HEADER in this process so
    Azure.Identity's ManagedIdentityCredential (MSAL's App Service source, verified with Azure.Identity 1.17.1)
    gets its tokens from the emulator's /msi/token; with -Source Imds it sets AZURE_POD_IDENTITY_AUTHORITY_HOST
    instead (MSAL's VM/IMDS source, served at /metadata/identity/oauth2/token). It returns the previous values
    for Restore-EmulatorIdentityEnvironment. Child processes (Invoke-FreshPwsh) inherit them.

    HTTP or HTTPS: Azure.Core's BearerTokenAuthenticationPolicy refuses to send a token over http
    ("Bearer token authentication is not permitted for non TLS protected (https) endpoints"). Tests that
    authenticate with tokens through Azure.Core (access token, managed identity, ARM) therefore start the
    emulator with -Https and run the client in a fresh process with $env:SSL_CERT_FILE = $emu.CertificatePath
    (Linux: .NET reads it once, at its first TLS use, so it must be set before the process starts; it replaces
    the system root bundle for that process, which is harmless when the only target is 127.0.0.1).
    api-key tests can use plain http.

    Building: the emulator is built into $env:REALTIMEOPS_REPO_ROOT/out/emulator (the folder build.ps1 uses)
    only when the dll is missing or older than a source file, at most once per process, under a file lock
    so parallel test processes do not build over each other.

    The emulator is started with --parent-pid $PID, so it exits within a second or two of the test process
    even when Stop-RealtimeOpsEmulator is never called.
#>

Set-StrictMode -Version 3.0

# Emulators started here and not stopped yet; the newest is the default for -Emulator.
$script:Running = [System.Collections.Generic.List[object]]::new()
$script:BuildChecked = $false

function Get-EmulatorRepoRoot {
    if ($env:REALTIMEOPS_REPO_ROOT) { return $env:REALTIMEOPS_REPO_ROOT }
    return (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
}

function Get-DotNetPath {
    $self = (Get-Process -Id $PID).Path
    if ((Split-Path $self -Leaf) -match '^dotnet(\.exe)?$') { return $self }
    return 'dotnet'
}

function Get-EmulatorDllPath {
    <#
    .SYNOPSIS
        Returns the path of RealtimeOps.Emulator.dll, building it first when it is missing or out of date.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([switch] $Force)

    $root = Get-EmulatorRepoRoot
    $project = Join-Path $root 'tests/RealtimeOps.Emulator/RealtimeOps.Emulator.csproj'
    $outDir = Join-Path $root 'out/emulator'
    $dll = Join-Path $outDir 'RealtimeOps.Emulator.dll'
    if ($script:BuildChecked -and -not $Force -and (Test-Path -LiteralPath $dll)) { return $dll }

    New-Item -ItemType Directory -Path $outDir -Force | Out-Null
    $lockPath = Join-Path $outDir '.build.lock'
    $lock = $null
    $deadline = [DateTime]::UtcNow.AddMinutes(5)
    while (-not $lock) {
        try { $lock = [IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None') }
        catch [IO.IOException] {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for another process to finish building the emulator (lock file $lockPath)." }
            Start-Sleep -Milliseconds 250
        }
    }
    try {
        $sourceDir = Split-Path $project
        $newestSource = Get-ChildItem -LiteralPath $sourceDir -Recurse -File |
            Where-Object { $_.Extension -in '.cs', '.csproj', '.json' -and $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        $stale = -not (Test-Path -LiteralPath $dll) -or ($newestSource -and (Get-Item -LiteralPath $dll).LastWriteTimeUtc -lt $newestSource.LastWriteTimeUtc)
        if ($Force -or $stale) {
            $output = & (Get-DotNetPath) build $project -c Release -o $outDir --nologo --verbosity quiet 2>&1
            if ($LASTEXITCODE -ne 0) { throw "Building the emulator failed (exit code $LASTEXITCODE):$([Environment]::NewLine)$($output -join [Environment]::NewLine)" }
            # The build may keep an up-to-date dll with its old time stamp; mark it as checked against these sources.
            (Get-Item -LiteralPath $dll).LastWriteTimeUtc = [DateTime]::UtcNow
        }
        $script:BuildChecked = $true
        return $dll
    }
    finally { $lock.Dispose() }
}

function Resolve-Emulator($Emulator) {
    if ($Emulator) { return $Emulator }
    for ($i = $script:Running.Count - 1; $i -ge 0; $i--) {
        if (-not $script:Running[$i].Process.HasExited) { return $script:Running[$i] }
    }
    throw 'No emulator: start one with Start-RealtimeOpsEmulator or pass -Emulator.'
}

function Invoke-EmulatorControl {
    param($Emulator, [string] $Method, [string] $Path, $Body)
    $e = Resolve-Emulator $Emulator
    $params = @{ Method = $Method; Uri = "$($e.BaseUri)$Path"; NoProxy = $true; TimeoutSec = 30 }
    # The fixture's own control calls may skip the check; clients under test trust the emulator's certificate instead.
    if ($e.BaseUri.StartsWith('https:')) { $params.SkipCertificateCheck = $true }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress); $params.ContentType = 'application/json' }
    Invoke-RestMethod @params
}

function Start-RealtimeOpsEmulator {
    <#
    .SYNOPSIS
        Builds (if needed) and starts the emulator on a free loopback port; returns a RealtimeOps.EmulatorInstance.
    .PARAMETER Scenario
        Fault scenario to start in: healthy, transcription-500, throttle, flaky-503, html-502, reset, hang,
        preview-response, audience-401, arm-forbidden.
    .PARAMETER ConfigPath
        A JSON file with apiKeys, region, regionDisplayName, identityHeader, subscriptionId, accounts.
    .PARAMETER Https
        Listen with TLS on a self-signed 127.0.0.1 certificate (needed for Azure.Core's bearer token policy,
        which refuses http). The certificate's PEM is at the returned object's CertificatePath: a .NET process
        on Linux started with SSL_CERT_FILE set to that path trusts it.
    .PARAMETER TimeoutSec
        How long to wait for the "listening on" line.
    #>
    [CmdletBinding()]
    param(
        [string] $Scenario = 'healthy',
        [string] $ConfigPath,
        [switch] $Https,
        [int] $TimeoutSec = 60
    )

    $dll = Get-EmulatorDllPath
    $psi = [Diagnostics.ProcessStartInfo]::new((Get-DotNetPath))
    foreach ($a in @($dll, '--port', '0', '--scenario', $Scenario, '--parent-pid', "$PID")) { $psi.ArgumentList.Add($a) }
    if ($ConfigPath) { $psi.ArgumentList.Add('--config'); $psi.ArgumentList.Add((Resolve-Path -LiteralPath $ConfigPath).Path) }
    $certificatePath = $null
    if ($Https) {
        $certificatePath = Join-Path ([IO.Path]::GetTempPath()) "realtimeops-emulator-$([guid]::NewGuid().ToString('n')).pem"
        foreach ($a in '--https', '--certificate-out', $certificatePath) { $psi.ArgumentList.Add($a) }
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $psi.WorkingDirectory = Split-Path $dll

    $process = [Diagnostics.Process]::Start($psi)
    # Drain stderr from the start so a chatty failure can never block the emulator on a full pipe.
    $stderr = $process.StandardError.ReadToEndAsync()
    $readLine = $process.StandardOutput.ReadLineAsync()
    $line = $null
    if ($readLine.Wait([TimeSpan]::FromSeconds($TimeoutSec))) { $line = $readLine.Result }
    if (-not $line -or $line -notmatch '^RealtimeOps\.Emulator listening on (https?://127\.0\.0\.1:(\d+))$') {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
        $errText = if ($stderr.Wait(2000)) { $stderr.Result } else { '' }
        throw "The emulator did not start within $TimeoutSec s (exit code: $(if ($process.HasExited) { $process.ExitCode } else { 'still running' })). First line: '$line'. Stderr: $errText"
    }
    $baseUri = $Matches[1]
    $port = [int] $Matches[2]
    $null = $process.StandardOutput.ReadToEndAsync()

    $instance = [pscustomobject]@{
        PSTypeName              = 'RealtimeOps.EmulatorInstance'
        BaseUri                 = $baseUri
        Port                    = $port
        Process                 = $process
        ApiKey                  = $null
        IdentityEndpoint        = "$baseUri/msi/token"
        IdentityHeader          = $null
        SubscriptionId          = $null
        ResourceGroupName       = $null
        AccountName             = $null
        ResourceManagerEndpoint = "$baseUri/"
        RegionDisplayName       = $null
        Configuration           = $null
        CertificatePath         = $certificatePath
        StandardError           = $stderr
    }
    $config = Invoke-EmulatorControl -Emulator $instance -Method Get -Path '/_emulator/config'
    $instance.ApiKey = @($config.apiKeys)[0]
    $instance.IdentityHeader = $config.identityHeader
    $instance.SubscriptionId = $config.subscriptionId
    $instance.ResourceGroupName = @($config.accounts)[0].resourceGroup
    $instance.AccountName = @($config.accounts)[0].name
    $instance.RegionDisplayName = $config.regionDisplayName
    $instance.Configuration = $config
    $script:Running.Add($instance)
    return $instance
}

function Stop-RealtimeOpsEmulator {
    <#
    .SYNOPSIS
        Stops an emulator started by Start-RealtimeOpsEmulator (only that process).
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        $e = Resolve-Emulator $Emulator
        if (-not $e.Process.HasExited) {
            $e.Process.Kill($true)
            $e.Process.WaitForExit(10000) | Out-Null
        }
        if ($e.CertificatePath) { Remove-Item -LiteralPath $e.CertificatePath -ErrorAction SilentlyContinue }
        $null = $script:Running.Remove($e)
    }
}

function Set-EmulatorScenario {
    <#
    .SYNOPSIS
        Switches the fault scenario for subsequent requests; returns the scenario as the emulator reports it.
    .PARAMETER FailureRate
        flaky-503: the share of requests that fail (0..1, default 0.5).
    .PARAMETER Count
        throttle: how many requests get 429 before success (default 2).
    .PARAMETER Seed
        flaky-503: the random seed (default 42), so a run is repeatable.
    .PARAMETER Target
        Where throttle, flaky-503, html-502, reset, hang and audience-401 strike: data-plane (default, the
        /openai endpoints), arm (account and deployment reads) or all. transcription-500 and preview-response
        are data-plane behaviours, arm-forbidden an ARM one, whatever the target.
    #>
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] $Emulator,
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [double] $FailureRate = -1,
        [int] $Count = -1,
        [int] $Seed = [int]::MinValue,
        [ValidateSet('data-plane', 'arm', 'all')] [string] $Target = 'data-plane'
    )
    process {
        $body = [ordered]@{ name = $Name; target = $Target }
        if ($FailureRate -ge 0) { $body.failureRate = $FailureRate }
        if ($Count -ge 0) { $body.count = $Count }
        if ($Seed -ne [int]::MinValue) { $body.seed = $Seed }
        Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path '/_emulator/scenario' -Body $body
    }
}

function Get-EmulatorRequest {
    <#
    .SYNOPSIS
        Lists the data-plane, ARM and identity requests the emulator received (oldest first):
        id, receivedAtUtc, method, path, query, headers, body, status, aborted, scenario, responseRequestId.
    .PARAMETER Path
        Only requests whose path matches this wildcard (e.g. '/openai/*').
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator, [string] $Path = '*')
    process {
        $all = Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path '/_emulator/requests'
        @($all) | Where-Object { $null -ne $_ -and $_.path -like $Path }
    }
}

function Clear-EmulatorRequest {
    <#
    .SYNOPSIS
        Forgets every recorded request.
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    process { $null = Invoke-EmulatorControl -Emulator $Emulator -Method Delete -Path '/_emulator/requests' }
}

function Add-EmulatorApiKey {
    <#
    .SYNOPSIS
        Makes the data plane accept another api key (e.g. a unique canary for secret-leak tests).
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator, [Parameter(Mandatory, Position = 0)] [string] $ApiKey)
    process { $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path '/_emulator/keys' -Body @{ apiKey = $ApiKey } }
}

function New-EmulatorToken {
    <#
    .SYNOPSIS
        Issues an access token the emulator accepts for a resource: https://cognitiveservices.azure.com
        (data plane, the default), https://ai.azure.com, https://management.azure.com (ARM), or anything else
        (a wrong-audience token). Returns AccessToken (string), ExpiresOn (DateTimeOffset) and Resource.
    .PARAMETER AccessToken
        Register this exact value instead of a generated one (a canary that leak tests search for).
    #>
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] $Emulator,
        [Parameter(Position = 0)] [string] $Resource = 'https://cognitiveservices.azure.com',
        [string] $AccessToken
    )
    process {
        $body = @{ resource = $Resource }
        if ($AccessToken) { $body.accessToken = $AccessToken }
        $r = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path '/_emulator/tokens' -Body $body
        [pscustomobject]@{
            AccessToken = $r.access_token
            ExpiresOn   = [DateTimeOffset]::FromUnixTimeSeconds([long] $r.expires_on)
            Resource    = $r.resource
        }
    }
}

function Set-EmulatorIdentityEnvironment {
    <#
    .SYNOPSIS
        Points managed-identity credentials in this process (and processes it starts) at the emulator.
        Returns the previous values for Restore-EmulatorIdentityEnvironment.
    .PARAMETER Source
        AppService (default): IDENTITY_ENDPOINT and IDENTITY_HEADER, as Azure Automation and App Service set them.
        Imds: AZURE_POD_IDENTITY_AUTHORITY_HOST, which makes MSAL send its Azure VM (IMDS) requests to the emulator.
        Either way the variables of the other source are cleared, so MSAL cannot pick the wrong one.
    #>
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] $Emulator,
        [ValidateSet('AppService', 'Imds')] [string] $Source = 'AppService'
    )
    process {
        $e = Resolve-Emulator $Emulator
        $previous = @{}
        foreach ($name in $script:IdentityVariables) { $previous[$name] = [Environment]::GetEnvironmentVariable($name) }
        foreach ($name in $script:IdentityVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
        if ($Source -eq 'AppService') {
            $env:IDENTITY_ENDPOINT = $e.IdentityEndpoint
            $env:IDENTITY_HEADER = $e.IdentityHeader
        }
        else {
            $env:AZURE_POD_IDENTITY_AUTHORITY_HOST = $e.BaseUri
        }
        $previous
    }
}

function Restore-EmulatorIdentityEnvironment {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [hashtable] $Previous)
    foreach ($name in $Previous.Keys) { [Environment]::SetEnvironmentVariable($name, $Previous[$name]) }
}

# Every variable MSAL reads to choose a managed-identity source.
$script:IdentityVariables = @('IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_POD_IDENTITY_AUTHORITY_HOST')

Export-ModuleMember -Function Start-RealtimeOpsEmulator, Stop-RealtimeOpsEmulator, Get-EmulatorDllPath,
    Set-EmulatorScenario, Get-EmulatorRequest, Clear-EmulatorRequest, Add-EmulatorApiKey, New-EmulatorToken,
    Set-EmulatorIdentityEnvironment, Restore-EmulatorIdentityEnvironment
