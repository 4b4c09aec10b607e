# Get-RealtimeDeployment and Test-RealtimeDeployment end to end: the built module in fresh pwsh processes, against the
# emulator over HTTPS, authenticated with managed identity (IDENTITY_ENDPOINT/IDENTITY_HEADER -> the real
# Azure.Identity ManagedIdentityCredential). Each fresh process runs a batch of commands and returns what it saw as
# JSON; the tests below assert on that.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest

    # The default accounts plus deployments that make the remaining checks fail: a preview model, a failed and a
    # zero-capacity transcription deployment, and in Central US (no transcribe models there, and not the
    # 2025-12-15 release of gpt-realtime-mini) a transcription deployment and a dated realtime one.
    $config = @{
        accounts = @(
            @{
                name = 'rtops-demo'; resourceGroup = 'rg-realtime'; location = 'swedencentral'
                deployments = @(
                    @{ name = 'gpt-realtime'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'gpt-4o-transcribe'; model = 'gpt-4o-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'gpt-4o-mini-transcribe'; model = 'gpt-4o-mini-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'chat-gpt-4o'; model = 'gpt-4o'; version = '2024-11-20'; sku = 'Standard'; capacity = 10 }
                    @{ name = 'realtime-failed'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'GlobalStandard'; capacity = 10; provisioningState = 'Failed' }
                    @{ name = 'realtime-nocapacity'; model = 'gpt-realtime-mini'; version = '2025-10-06'; sku = 'GlobalStandard'; capacity = 0 }
                    @{ name = 'realtime-preview'; model = 'gpt-4o-realtime-preview'; version = '2024-12-17'; sku = 'GlobalStandard'; capacity = 1 }
                    @{ name = 'stt-failed'; model = 'gpt-4o-mini-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 1; provisioningState = 'Failed' }
                    @{ name = 'stt-nocapacity'; model = 'gpt-4o-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 0 }
                )
            }
            @{
                name = 'rtops-centralus'; resourceGroup = 'rg-realtime'; location = 'centralus'
                deployments = @(
                    @{ name = 'gpt-realtime'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'gpt-realtime-mini'; model = 'gpt-realtime-mini'; version = '2025-10-06'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'mini-dated'; model = 'gpt-realtime-mini'; version = '2025-12-15'; sku = 'GlobalStandard'; capacity = 10 }
                    @{ name = 'stt-centralus'; model = 'gpt-4o-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 10 }
                )
            }
        )
    }
    $script:ConfigPath = Join-Path ([IO.Path]::GetTempPath()) ("ro-deployments-{0}.json" -f [guid]::NewGuid().ToString('n'))
    $config | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ConfigPath
    $script:Emu = Start-RealtimeOpsEmulator -Https -ConfigPath $ConfigPath
    $script:DefaultEmu = Start-RealtimeOpsEmulator -Https

    # Runs $Body in a fresh pwsh with managed identity pointed at the emulator and SSL_CERT_FILE trusting it (the
    # variables must be in place before .NET first uses TLS or Azure.Identity, hence a new process), connected
    # with -Identity unless -NoConnect. $Body must leave a hashtable in $out; the function returns it decoded.
    function Invoke-DeploymentScript([object] $Emulator, [string] $Body, [string] $Connect = '-Identity') {
        $prelude = @'
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module '__MODULE__'
$base = '__BASE__'; $sub = '__SUB__'
function ErrorOf([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    $items = @(try { & $Command 2>&1 3>&1 } catch { $_ })
    $e = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    $w = @($items | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
    $o = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
    [ordered]@{
        Output = $o; Id = @($e | ForEach-Object FullyQualifiedErrorId); Category = @($e | ForEach-Object { "$($_.CategoryInfo.Category)" })
        Message = @($e | ForEach-Object { $_.ErrorDetails.Message ?? $_.Exception.Message }); Action = @($e | ForEach-Object { $_.ErrorDetails.RecommendedAction })
        Warning = @($w | ForEach-Object Message)
    }
}
function Checks($Result) { $h = [ordered]@{}; foreach ($c in $Result.Checks) { $h["$($c.Name)"] = [ordered]@{ Status = "$($c.Status)"; Reason = $c.Reason } }; $h }
function Summary($Result) { [ordered]@{ Verdict = "$($Result.Verdict)"; IsHealthy = $Result.IsHealthy; Online = $Result.Online; Region = $Result.Region; OfflineReason = $Result.OfflineReason; Checks = Checks $Result } }
$out = [ordered]@{}
'@
        if ($Connect) {
            $prelude += "`nConnect-RealtimeOps -Endpoint `$base $Connect -SubscriptionId `$sub -ResourceGroupName rg-realtime -AccountName rtops-demo -ResourceManagerEndpoint `$base`n"
        }
        $script = $prelude.Replace('__MODULE__', (Get-RealtimeOpsModulePath)).Replace('__BASE__', $Emulator.BaseUri).Replace('__SUB__', $Emulator.SubscriptionId) +
            "`n" + $Body + "`n`$out | ConvertTo-Json -Depth 8 -Compress"
        $saved = @{ SSL_CERT_FILE = $env:SSL_CERT_FILE; IDENTITY_ENDPOINT = $env:IDENTITY_ENDPOINT; IDENTITY_HEADER = $env:IDENTITY_HEADER }
        $env:SSL_CERT_FILE = $Emulator.CertificatePath
        $env:IDENTITY_ENDPOINT = $Emulator.IdentityEndpoint
        $env:IDENTITY_HEADER = $Emulator.IdentityHeader
        try { $run = Invoke-FreshPwsh -Script $script -TimeoutSeconds 180 }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        if ($run.ExitCode -ne 0 -or -not $run.StdOut) { throw "Fresh pwsh failed (exit $($run.ExitCode)): $($run.StdErr)" }
        $run.StdOut | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    $script:Emu, $script:DefaultEmu | Where-Object { $_ } | Stop-RealtimeOpsEmulator
    if ($script:ConfigPath) { Remove-Item -LiteralPath $script:ConfigPath -ErrorAction SilentlyContinue }
}

Describe 'Get-RealtimeDeployment with managed identity' -Tag Slow {
    BeforeAll {
        Clear-EmulatorRequest -Emulator $Emu
        $script:R = Invoke-DeploymentScript $Emu @'
$all = @(Get-RealtimeDeployment)
$out.All = @($all | ForEach-Object { [ordered]@{ Name = $_.Name; Model = $_.Model; ModelVersion = $_.ModelVersion; Kind = "$($_.Kind)"; Sku = $_.Sku; Capacity = $_.Capacity; ProvisioningState = $_.ProvisioningState; Region = $_.Region; AccountName = $_.AccountName; Endpoint = $_.Endpoint } })
$out.TypeName = $all[0].GetType().FullName
$out.Table = (Get-RealtimeDeployment -Name gpt-realtime | Out-String -Width 200)
$out.Wildcard = @(Get-RealtimeDeployment -Name 'gpt-4o*', '*failed' | ForEach-Object Name)
$out.Transcription = @(Get-RealtimeDeployment -Kind Transcription | ForEach-Object Name)
$out.Central = @(Get-RealtimeDeployment -AccountName rtops-centralus | ForEach-Object { "$($_.Name)@$($_.Region)@$($_.AccountName)" })
$out.ByResourceId = @(Get-RealtimeDeployment -ResourceId "/subscriptions/$sub/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-centralus" -Name gpt-realtime-mini | ForEach-Object AccountName)
$out.Explicit = @(Get-RealtimeDeployment -SubscriptionId $sub -ResourceGroupName rg-realtime -AccountName rtops-centralus -Name gpt-realtime | ForEach-Object Region)
$before = (Get-RealtimeExchange).Count
$out.Refreshed = @(Get-RealtimeDeployment -AccountName rtops-centralus -Name gpt-realtime, stt-centralus | Get-RealtimeDeployment | ForEach-Object { "$($_.Name)@$($_.AccountName)" })
$out.RefreshReads = (Get-RealtimeExchange).Count - $before
$out.Missing = ErrorOf { Get-RealtimeDeployment -Name nope, gpt-realtime }
$out.NotFound404 = ErrorOf { Get-RealtimeDeployment -AccountName no-such-account }
$out.BadResourceId = ErrorOf { Get-RealtimeDeployment -ResourceId '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/y' }
$out.Exchanges = @(Get-RealtimeExchange | ForEach-Object { [ordered]@{ Url = $_.Url; Operation = $_.Operation; Status = $_.StatusCode; Headers = ($_.RequestHeaders | ConvertTo-Json -Compress) } })
'@
        $script:Requests = @(Get-EmulatorRequest -Emulator $Emu)
    }

    It 'returns every deployment with model, version, kind from the catalog, sku, capacity, state, region and endpoint' {
        $R.TypeName | Should -Be 'RealtimeOps.Engine.Deployments.RealtimeDeployment'
        $R.All.Name | Should -Be @('gpt-realtime', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'chat-gpt-4o', 'realtime-failed', 'realtime-nocapacity', 'realtime-preview', 'stt-failed', 'stt-nocapacity')
        $rt = $R.All | Where-Object Name -eq 'gpt-realtime'
        $rt.Model | Should -Be 'gpt-realtime'
        $rt.ModelVersion | Should -Be '2025-08-28'
        $rt.Kind | Should -Be 'Realtime'
        $rt.Sku | Should -Be 'GlobalStandard'
        $rt.Capacity | Should -Be 10
        $rt.ProvisioningState | Should -Be 'Succeeded'
        $rt.Region | Should -Be 'swedencentral'
        $rt.AccountName | Should -Be 'rtops-demo'
        $rt.Endpoint | Should -Be "$($Emu.BaseUri)/"
        ($R.All | Where-Object Name -eq 'chat-gpt-4o').Kind | Should -Be 'Other'
        ($R.All | Where-Object Name -eq 'gpt-4o-transcribe').Kind | Should -Be 'Transcription'
        ($R.All | Where-Object Name -eq 'realtime-nocapacity').Capacity | Should -Be 0
    }

    It 'shows a table with the deployment columns' {
        $R.Table | Should -Match 'Name\s+Model\s+Version\s+Kind\s+Sku\s+Capacity\s+State\s+Region\s+Account'
        $R.Table | Should -Match 'gpt-realtime\s+gpt-realtime\s+2025-08-28\s+Realtime\s+GlobalStandard\s+10\s+Succeeded\s+swedencentral\s+rtops-demo'
    }

    It 'filters by wildcard -Name and by -Kind' {
        $R.Wildcard | Should -Be @('gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'realtime-failed', 'stt-failed')
        $R.Transcription | Should -Be @('gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'stt-failed', 'stt-nocapacity')
    }

    It 'reads another account by -AccountName (context fills the rest), -ResourceId, or all three names' {
        $R.Central | Should -Be @('gpt-realtime@centralus@rtops-centralus', 'gpt-realtime-mini@centralus@rtops-centralus', 'mini-dated@centralus@rtops-centralus', 'stt-centralus@centralus@rtops-centralus')
        $R.ByResourceId | Should -Be @('rtops-centralus')
        $R.Explicit | Should -Be @('centralus')
    }

    It 'takes deployments from the pipeline by property name (account and name), reading each account once' {
        $R.Refreshed | Should -Be @('gpt-realtime@rtops-centralus', 'stt-centralus@rtops-centralus')
        $R.RefreshReads | Should -Be 4 -Because 'two reads (account, deployments) for the first command and two for the piped one'
    }

    It 'writes DeploymentNotFound for a name that is not deployed, and still returns the others' {
        $R.Missing.Output.Name | Should -Be @('gpt-realtime')
        $R.Missing.Id | Should -Be @('DeploymentNotFound,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $R.Missing.Category | Should -Be @('ObjectNotFound')
        $R.Missing.Message[0] | Should -Match "No deployment named 'nope' in account 'rtops-demo'"
    }

    It 'says there is no such account in that resource group for a 404' {
        $R.NotFound404.Id | Should -Be @('DeploymentAccountNotFound,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $R.NotFound404.Category | Should -Be @('ObjectNotFound')
        $R.NotFound404.Message[0] | Should -Match 'no such account in that resource group'
        $R.NotFound404.Message[0] | Should -Match "'no-such-account' in resource group 'rg-realtime'"
        $R.NotFound404.Message[0] | Should -Match 'x-ms-request-id [0-9a-f-]{36}'
    }

    It 'rejects a resource id that is not a Cognitive Services account before any request' {
        $R.BadResourceId.Id | Should -Be @('DeploymentAccountInvalid,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $R.BadResourceId.Message[0] | Should -Match 'not the resource id of a Cognitive Services account'
        $Requests.path | Should -Not -Contain '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/y'
    }

    It 'authenticates with the managed identity for the ARM audience and records every exchange without the token' {
        ($Requests | Where-Object path -eq '/msi/token').query | Should -Contain 'api-version=2019-08-01&resource=https://management.azure.com'
        $arm = @($Requests | Where-Object path -like '/subscriptions/*')
        $arm.Count | Should -BeGreaterThan 0
        $arm.query | Sort-Object -Unique | Should -Be @('api-version=2024-10-01')
        $arm | ForEach-Object { $_.headers.Authorization | Should -Match '^Bearer .+' }
        $R.Exchanges.Operation | Sort-Object -Unique | Should -Be @('GetAccount', 'ListDeployments')
        $R.Exchanges.Url | Should -Contain "$($Emu.BaseUri)/subscriptions/$($Emu.SubscriptionId)/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo/deployments?api-version=2024-10-01"
        $tokens = $arm | ForEach-Object { $_.headers.Authorization.Substring(7) } | Sort-Object -Unique
        foreach ($t in $tokens) { ($R.Exchanges.Headers -join "`n") | Should -Not -Match ([regex]::Escape($t)) }
    }
}

Describe 'Test-RealtimeDeployment with managed identity' -Tag Slow {
    BeforeAll {
        $script:T = Invoke-DeploymentScript $Emu @'
$out.Healthy = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe)
$out.HealthyType = (Test-RealtimeDeployment -Deployment gpt-realtime).GetType().FullName
$out.ResultTable = Test-RealtimeDeployment -Deployment realtime-failed | Out-String -Width 250
$out.CheckTable = (Test-RealtimeDeployment -Deployment realtime-failed).Checks | Out-String -Width 250
$out.Missing = Summary (Test-RealtimeDeployment -Deployment does-not-exist)
$out.Chat = Summary (Test-RealtimeDeployment -Deployment chat-gpt-4o)
$out.Failed = Summary (Test-RealtimeDeployment -Deployment realtime-failed)
$out.NoCapacity = Summary (Test-RealtimeDeployment -Deployment realtime-nocapacity)
$out.Preview = Summary (Test-RealtimeDeployment -Deployment realtime-preview)
$out.NoTranscription = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe-diarize)
$out.RealtimeAsTranscription = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-realtime)
$out.SttFailed = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment stt-failed)
$out.SttNoCapacity = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment stt-nocapacity)
$out.Central = Summary (Test-RealtimeDeployment -Deployment mini-dated -TranscriptionDeployment stt-centralus -AccountName rtops-centralus)
$out.CentralOk = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -AccountName rtops-centralus)
$out.QuietHealthy = Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe -Quiet
$out.QuietFailed = Test-RealtimeDeployment -Deployment chat-gpt-4o -Quiet
$out.QuietType = (Test-RealtimeDeployment -Deployment chat-gpt-4o -Quiet).GetType().FullName
$file = Join-Path ([IO.Path]::GetTempPath()) ("ro-session-{0}.json" -f [guid]::NewGuid().ToString('n'))
'{"type":"session.update","session":{"type":"realtime","model":"gpt-realtime","audio":{"input":{"transcription":{"model":"gpt-4o-mini-transcribe"}}}}}' | Set-Content -LiteralPath $file
try {
    $fromPath = Test-RealtimeDeployment -Path $file
    $out.FromPath = @($fromPath.Deployment, $fromPath.TranscriptionDeployment, "$($fromPath.Verdict)")
    $fromPipe = Get-Item -LiteralPath $file | Test-RealtimeDeployment
    $out.FromFileInfo = @($fromPipe.Deployment, $fromPipe.TranscriptionDeployment)
}
finally { Remove-Item -LiteralPath $file }
$json = Test-RealtimeDeployment -Json '{"expires_after":{"anchor":"created_at","seconds":600},"session":{"type":"realtime","model":"chat-gpt-4o","audio":{"input":{"transcription":{"model":"whisper-1"}}}}}'
$out.FromJson = @($json.Deployment, $json.TranscriptionDeployment, "$($json.Verdict)")
$hash = @{ type = 'realtime'; model = 'gpt-realtime'; audio = @{ input = @{ transcription = @{ model = 'gpt-4o-transcribe' } } } } | Test-RealtimeDeployment
$out.FromHashtable = @($hash.Deployment, $hash.TranscriptionDeployment, "$($hash.Verdict)")
$out.FromPipeline = @(Get-RealtimeDeployment -Name realtime-* | Test-RealtimeDeployment | ForEach-Object { "$($_.Deployment)=$($_.Verdict)" })
$out.BadJson = ErrorOf { Test-RealtimeDeployment -Json '{"session": ' }
$out.NoModel = ErrorOf { Test-RealtimeDeployment -Json '{"session":{"type":"realtime"}}' }
$out.NoFile = ErrorOf { Test-RealtimeDeployment -Path (Join-Path ([IO.Path]::GetTempPath()) 'ro-does-not-exist.json') }
$out.Account404 = ErrorOf { Test-RealtimeDeployment -Deployment gpt-realtime -AccountName no-such-account }
$out.Account404Quiet = Test-RealtimeDeployment -Deployment gpt-realtime -AccountName no-such-account -Quiet -ErrorAction SilentlyContinue
$out.BadRegion = ErrorOf { Test-RealtimeDeployment -Deployment gpt-realtime -Offline -Region 'Atlantis' }
'@
    }

    It 'passes every check for a healthy realtime and transcription pair' {
        $T.HealthyType | Should -Be 'RealtimeOps.Engine.Deployments.DeploymentTestResult'
        $T.Healthy.Verdict | Should -Be 'Passed'
        $T.Healthy.IsHealthy | Should -BeTrue
        $T.Healthy.Online | Should -BeTrue
        $T.Healthy.Region | Should -Be 'swedencentral'
        @($T.Healthy.Checks.Keys) | Should -Be @('DeploymentExists', 'RealtimeModel', 'ProvisioningSucceeded', 'CapacityAvailable', 'RegionOffersModel', 'PreviewModelRetirement',
            'TranscriptionDeploymentExists', 'TranscriptionModel', 'TranscriptionProvisioningSucceeded', 'TranscriptionCapacityAvailable', 'TranscriptionRegionOffersModel',
            'TranscriptionModelRetirement')
        $T.Healthy.Checks.Values.Status | Sort-Object -Unique | Should -Be @('Passed')
    }

    It 'shows table views for the result and its checks' {
        $T.ResultTable | Should -Match 'Deployment\s+Transcription\s+Region\s+Online\s+Verdict\s+Checks\s+FirstProblem'
        $T.ResultTable | Should -Match 'realtime-failed\s+swedencentral\s+True\s+Failed\s+1 Failed, 5 Passed\s+ProvisioningSucceeded: Provisioning state is Failed'
        $T.CheckTable | Should -Match 'Name\s+Deployment\s+Status\s+Reason'
        $T.CheckTable | Should -Match 'ProvisioningSucceeded\s+realtime-failed\s+Failed\s+Provisioning state is Failed'
    }

    It 'fails <Check> for <Case>' -ForEach @(
        @{ Case = 'Missing'; Check = 'DeploymentExists'; Pattern = "No deployment named 'does-not-exist' in account 'rtops-demo'.*Realtime deployments in the account: gpt-realtime" }
        @{ Case = 'Chat'; Check = 'RealtimeModel'; Pattern = "'chat-gpt-4o' serves gpt-4o 2024-11-20, which is not a realtime or transcription model" }
        @{ Case = 'Failed'; Check = 'ProvisioningSucceeded'; Pattern = 'Provisioning state is Failed, not Succeeded' }
        @{ Case = 'NoCapacity'; Check = 'CapacityAvailable'; Pattern = 'Capacity is 0 \(GlobalStandard\)' }
        @{ Case = 'Central'; Check = 'RegionOffersModel'; Pattern = 'Central US \(centralus\) does not offer gpt-realtime-mini-2025-12-15' }
        @{ Case = 'NoTranscription'; Check = 'TranscriptionDeploymentExists'; Pattern = "No deployment named 'gpt-4o-transcribe-diarize' in account 'rtops-demo', the same resource" }
        @{ Case = 'RealtimeAsTranscription'; Check = 'TranscriptionModel'; Pattern = "'gpt-realtime' serves gpt-realtime 2025-08-28, a realtime model" }
        @{ Case = 'SttFailed'; Check = 'TranscriptionProvisioningSucceeded'; Pattern = 'Provisioning state is Failed' }
        @{ Case = 'SttNoCapacity'; Check = 'TranscriptionCapacityAvailable'; Pattern = 'Capacity is 0' }
        @{ Case = 'Central'; Check = 'TranscriptionRegionOffersModel'; Pattern = 'Central US \(centralus\) does not offer gpt-4o-transcribe' }
    ) {
        $result = $T[$Case]
        $result.Checks[$Check].Status | Should -Be 'Failed'
        $result.Checks[$Check].Reason | Should -Match $Pattern
        $result.Verdict | Should -Be 'Failed'
        $result.IsHealthy | Should -BeFalse
        $result.Online | Should -BeTrue
    }

    It 'passes the region check in Central US for a model offered there' {
        $T.CentralOk.Checks.RegionOffersModel.Status | Should -Be 'Passed'
        $T.CentralOk.Region | Should -Be 'centralus'
        $T.CentralOk.Verdict | Should -Be 'Passed'
    }

    It 'warns about a preview model with the preview protocol deprecation date, without failing' {
        $T.Preview.Checks.PreviewModelRetirement.Status | Should -Be 'Warning'
        $T.Preview.Checks.PreviewModelRetirement.Reason | Should -Match 'gpt-4o-realtime-preview is a preview model; Azure .*2026-04-30 \(Microsoft Learn, Realtime API preview to GA migration guide, https://learn\.microsoft\.com/[^)]+\)'
        $T.Preview.Verdict | Should -Be 'Warning'
        $T.Preview.IsHealthy | Should -BeTrue
    }

    It 'skips the checks after a missing deployment with the reason' {
        $T.Missing.Checks.RealtimeModel.Status | Should -Be 'Skipped'
        $T.Missing.Checks.RealtimeModel.Reason | Should -Match "no deployment named 'does-not-exist'"
    }

    It '-Quiet returns only a boolean' {
        $T.QuietHealthy | Should -BeTrue
        $T.QuietFailed | Should -BeFalse
        $T.QuietType | Should -Be 'System.Boolean'
    }

    It 'reads session.model and the transcription model from -Path, a FileInfo, -Json and a hashtable' {
        $T.FromPath | Should -Be @('gpt-realtime', 'gpt-4o-mini-transcribe', 'Passed')
        $T.FromFileInfo | Should -Be @('gpt-realtime', 'gpt-4o-mini-transcribe')
        $T.FromJson | Should -Be @('chat-gpt-4o', 'whisper-1', 'Failed')
        $T.FromHashtable | Should -Be @('gpt-realtime', 'gpt-4o-transcribe', 'Passed')
    }

    It 'tests deployments piped from Get-RealtimeDeployment' {
        $T.FromPipeline | Should -Be @('realtime-failed=Failed', 'realtime-nocapacity=Failed', 'realtime-preview=Warning')
    }

    It 'reports unreadable or empty configurations and missing files as errors' {
        $T.BadJson.Id | Should -Be @('DeploymentTestConfigurationUnreadable,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
        $T.BadJson.Message[0] | Should -Match '-Json is not valid JSON at line 1'
        $T.NoModel.Id | Should -Be @('DeploymentTestNothingToCheck,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
        $T.NoFile.Id | Should -Be @('DeploymentTestConfigurationNotFound,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
        $T.BadRegion.Id | Should -Be @('RegionNotRecognized,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
    }

    It 'writes the no-such-account error for a 404 and -Quiet answers false' {
        $T.Account404.Id | Should -Be @('DeploymentAccountNotFound,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
        $T.Account404.Message[0] | Should -Match 'no such account in that resource group'
        $T.Account404.Output | Should -BeNullOrEmpty
        $T.Account404Quiet | Should -BeFalse
    }
}

Describe 'Test-TranscriptionConfig against the real deployments' -Tag Slow {
    BeforeAll {
        $script:L = Invoke-DeploymentScript $DefaultEmu @'
$live = Get-RealtimeDeployment
$good = '{"type":"realtime","model":"gpt-realtime","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe","language":"en"}}}}'
$missing = '{"type":"realtime","model":"rt-not-deployed","audio":{"input":{"transcription":{"model":"gpt-4o-transcribe"}}}}'
$chat = '{"type":"realtime","model":"chat-gpt-4o"}'
$out.Good = (Test-TranscriptionConfig -Json $good -Deployment $live).Diagnostics | ForEach-Object RuleId
$out.GoodValid = (Test-TranscriptionConfig -Json $good -Deployment $live).IsValid
$out.Missing = (Test-TranscriptionConfig -Json $missing -Deployment $live).Diagnostics | ForEach-Object RuleId
$out.Chat = (Test-TranscriptionConfig -Json $chat -Deployment $live).Diagnostics | ForEach-Object RuleId
'@
    }

    It 'accepts a configuration whose deployments exist' {
        $L.GoodValid | Should -BeTrue
        $L.Good | Should -Not -Contain 'RTC1062'
    }

    It 'reports a session.model that is not deployed in the account' {
        $L.Missing | Should -Contain 'RTC1062'
    }

    It 'reports a deployment of the wrong kind of model (a chat model as the realtime model)' {
        $L.Chat | Should -Contain 'RTC1064'
    }
}

Describe 'Test-RealtimeDeployment offline' -Tag Slow {
    BeforeAll {
        Clear-EmulatorRequest -Emulator $Emu
        $script:O = Invoke-DeploymentScript $Emu -Connect '' -Body @'
$out.NoAccount = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe -Region 'Sweden Central')
$out.RegionFail = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe -Region centralus)
$out.KindFail = Summary (Test-RealtimeDeployment -Deployment gpt-4o-transcribe -Region swedencentral)
$out.CustomName = Summary (Test-RealtimeDeployment -Deployment my-voice-bot)
$out.Quiet = Test-RealtimeDeployment -Deployment gpt-realtime -Region swedencentral -Quiet
Connect-RealtimeOps -Endpoint $base -Identity -ResourceManagerEndpoint $base
$out.ConnectedNoAccount = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -Region swedencentral)
Connect-RealtimeOps -Endpoint $base -Identity -SubscriptionId $sub -ResourceGroupName rg-realtime -AccountName rtops-demo -ResourceManagerEndpoint $base
$out.Switch = Summary (Test-RealtimeDeployment -Deployment gpt-realtime -Offline -Region swedencentral)
'@
        $script:OfflineRequests = @(Get-EmulatorRequest -Emulator $Emu -Path '/subscriptions/*')
    }

    It 'runs the catalog checks and skips the ARM ones with the reason, never a silent pass' {
        $r = $O.NoAccount
        $r.Online | Should -BeFalse
        $r.OfflineReason | Should -Match 'not connected'
        foreach ($name in 'DeploymentExists', 'ProvisioningSucceeded', 'CapacityAvailable', 'TranscriptionDeploymentExists', 'TranscriptionProvisioningSucceeded', 'TranscriptionCapacityAvailable') {
            $r.Checks[$name].Status | Should -Be 'Skipped'
            $r.Checks[$name].Reason | Should -Match 'Skipped offline: not connected'
        }
        foreach ($name in 'RealtimeModel', 'RegionOffersModel', 'PreviewModelRetirement', 'TranscriptionModel', 'TranscriptionRegionOffersModel') {
            $r.Checks[$name].Status | Should -Be 'Passed'
        }
        $r.Verdict | Should -Be 'Warning'
        $r.IsHealthy | Should -BeFalse
        $r.Region | Should -Be 'swedencentral'
        $O.Quiet | Should -BeFalse
    }

    It 'says which account coordinates are missing when connected without an account' {
        $O.ConnectedNoAccount.Online | Should -BeFalse
        $O.ConnectedNoAccount.OfflineReason | Should -Match 'no account was given \(-SubscriptionId, -ResourceGroupName, -AccountName missing'
        $O.ConnectedNoAccount.Checks.DeploymentExists.Status | Should -Be 'Skipped'
        $O.ConnectedNoAccount.Verdict | Should -Be 'Warning'
    }

    It 'still fails catalog checks offline: <Case>' -ForEach @(
        @{ Case = 'RegionFail'; Check = 'TranscriptionRegionOffersModel'; Pattern = 'Central US \(centralus\) does not offer gpt-4o-transcribe' }
        @{ Case = 'KindFail'; Check = 'RealtimeModel'; Pattern = "'gpt-4o-transcribe' is named after gpt-4o-transcribe, a transcription model, not a realtime model" }
    ) {
        $O[$Case].Checks[$Check].Status | Should -Be 'Failed'
        $O[$Case].Checks[$Check].Reason | Should -Match $Pattern
        $O[$Case].Verdict | Should -Be 'Failed'
    }

    It 'skips the model checks for a deployment name that is not a model name, saying why' {
        $O.CustomName.Checks.Values.Status | Sort-Object -Unique | Should -Be @('Skipped')
        $O.CustomName.Checks.RealtimeModel.Reason | Should -Match 'not a model name in the catalog'
        $O.CustomName.Checks.RegionOffersModel.Reason | Should -Match 'not a model name in the catalog'
        $O.CustomName.Verdict | Should -Be 'Warning'
    }

    It '-Offline does not read ARM even with an account on the connection' {
        $O.Switch.Online | Should -BeFalse
        $O.Switch.Checks.DeploymentExists.Reason | Should -Match '-Offline was given'
        $OfflineRequests | Should -BeNullOrEmpty
    }
}

Describe 'Deployment name completion' -Tag Slow {
    BeforeAll {
        $script:C = Invoke-DeploymentScript $Emu @'
function Complete([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText) }
$out.Test = Complete 'Test-RealtimeDeployment -Deployment gpt-'
$out.Transcription = Complete 'Test-RealtimeDeployment -TranscriptionDeployment stt'
$out.Get = Complete 'Get-RealtimeDeployment realtime-'
$out.OtherAccount = Complete 'Get-RealtimeDeployment -AccountName rtops-centralus -Name mini'
$out.Mint = Complete 'New-RealtimeClientSecret -Deployment gpt-'
$before = (Get-RealtimeExchange).Count
$out.Again = Complete 'Test-RealtimeDeployment -Deployment gpt-'
$out.CachedExchanges = (Get-RealtimeExchange).Count - $before
Connect-RealtimeOps -Endpoint $base -Identity -ResourceManagerEndpoint $base
$out.NoAccount = Complete 'Test-RealtimeDeployment -Deployment gpt-'
Connect-RealtimeOps -Endpoint $base -ApiKey (ConvertTo-SecureString 'emulator-key-0001' -AsPlainText -Force) -SubscriptionId $sub -ResourceGroupName rg-realtime -AccountName rtops-demo -ResourceManagerEndpoint $base
$out.ApiKey = Complete 'Test-RealtimeDeployment -Deployment gpt-'
$out.Errors = $Error.Count
'@
    }

    It 'completes -Deployment from the connection''s account' {
        $C.Test | Should -Be @('gpt-4o-mini-transcribe', 'gpt-4o-transcribe', 'gpt-realtime')
        $C.Transcription | Should -Be @('stt-failed', 'stt-nocapacity')
        $C.Get | Should -Be @('realtime-failed', 'realtime-nocapacity', 'realtime-preview')
    }

    It 'completes New-RealtimeClientSecret -Deployment the same way' {
        $C.Mint | Should -Be @('gpt-4o-mini-transcribe', 'gpt-4o-transcribe', 'gpt-realtime')
    }

    It 'uses the account named on the command line' {
        $C.OtherAccount | Should -Be @('mini-dated')
    }

    It 'answers from its cache the second time' {
        $C.Again | Should -Be $C.Test
        $C.CachedExchanges | Should -Be 0
    }

    It 'completes nothing, silently, without an account or with an api-key connection' {
        $C.NoAccount | Should -BeNullOrEmpty
        $C.ApiKey | Should -BeNullOrEmpty
        $C.Errors | Should -Be 0
    }
}

Describe 'ARM access errors' -Tag Slow {
    It 'names the Reader role for a 403 (arm-forbidden), and Test-RealtimeDeployment falls back to offline checks' {
        Set-EmulatorScenario -Emulator $DefaultEmu arm-forbidden | Out-Null
        try {
            $r = Invoke-DeploymentScript $DefaultEmu @'
$out.Get = ErrorOf { Get-RealtimeDeployment }
$t = ErrorOf { Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe }
$out.TestWarning = $t.Warning
$out.TestErrors = $t.Id
$out.Test = Summary $t.Output[0]
'@
        }
        finally { Set-EmulatorScenario -Emulator $DefaultEmu healthy | Out-Null }
        $r.Get.Id | Should -Be @('DeploymentReadForbidden,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $r.Get.Category | Should -Be @('PermissionDenied')
        $r.Get.Message[0] | Should -Match "Not authorized to read account 'rtops-demo' in resource group 'rg-realtime'"
        $r.Get.Message[0] | Should -Match 'needs the Reader role on the account'
        $r.Get.Message[0] | Should -Match 'data-plane keys \(api-key\) do not grant ARM access'
        $r.Get.Action[0] | Should -Match 'Reader'
        $r.TestErrors | Should -BeNullOrEmpty
        $r.TestWarning[0] | Should -Match 'Reader role'
        $r.Test.Online | Should -BeFalse
        $r.Test.Checks.DeploymentExists.Status | Should -Be 'Skipped'
        $r.Test.Checks.DeploymentExists.Reason | Should -Match "no ARM access to account 'rtops-demo'.*Reader role"
        $r.Test.Checks.RealtimeModel.Status | Should -Be 'Passed'
        $r.Test.Checks.RegionOffersModel.Status | Should -Be 'Skipped' -Because 'the account''s region is unknown without ARM and no -Region was given'
        $r.Test.Verdict | Should -Be 'Warning'
        $r.Test.IsHealthy | Should -BeFalse
    }

    It 'says keys do not grant ARM access for an api-key connection, without sending the key to ARM' {
        Clear-EmulatorRequest -Emulator $DefaultEmu
        $r = Invoke-DeploymentScript $DefaultEmu -Connect "-ApiKey (ConvertTo-SecureString 'emulator-key-0001' -AsPlainText -Force)" @'
$out.Get = ErrorOf { Get-RealtimeDeployment }
$t = ErrorOf { Test-RealtimeDeployment -Deployment gpt-realtime -Region swedencentral }
$out.TestWarning = $t.Warning
$out.Test = Summary $t.Output[0]
'@
        $r.Get.Id | Should -Be @('DeploymentReadNeedsEntraIdentity,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $r.Get.Category | Should -Be @('AuthenticationError')
        $r.Get.Message[0] | Should -Match 'data-plane keys \(api-key\) do not grant ARM access'
        $r.Get.Action[0] | Should -Match '-Identity'
        $r.TestWarning[0] | Should -Match 'do not grant ARM access'
        $r.Test.Online | Should -BeFalse
        $r.Test.Checks.DeploymentExists.Reason | Should -Match 'api keys do not grant ARM access'
        $r.Test.Checks.RegionOffersModel.Status | Should -Be 'Passed'
        @(Get-EmulatorRequest -Emulator $DefaultEmu -Path '/subscriptions/*') | Should -BeNullOrEmpty
    }

    It 'explains that a data-plane access token is not sent to ARM (another audience), with the role and the key hint' {
        $token = (New-EmulatorToken -Emulator $DefaultEmu -Resource 'https://cognitiveservices.azure.com').AccessToken
        $r = Invoke-DeploymentScript $DefaultEmu -Connect "-AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force)" @'
$out.Get = ErrorOf { Get-RealtimeDeployment }
'@
        $r.Get.Id | Should -Be @('DeploymentReadUnauthorized,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $r.Get.Category | Should -Be @('AuthenticationError')
        $r.Get.Message[0] | Should -Match 'is not sent where .https://management.azure.com/.default. is needed'
        $r.Get.Message[0] | Should -Match 'Reader role on the account'
        $r.Get.Message[0] | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'ARM throttling and faults go through the shared retry policy' -Tag Slow {
    AfterEach { Set-EmulatorScenario -Emulator $DefaultEmu healthy | Out-Null }

    It 'retries a throttled read (429 with Retry-After) and returns the deployments, recording every attempt' {
        Set-EmulatorScenario -Emulator $DefaultEmu throttle -Count 2 -Target arm | Out-Null
        $r = Invoke-DeploymentScript $DefaultEmu @'
$out.Names = @(Get-RealtimeDeployment -Name gpt-realtime | ForEach-Object Name)
$out.Attempts = @(Get-RealtimeExchange | Where-Object Operation -eq 'GetAccount' | ForEach-Object { [ordered]@{ Status = $_.StatusCode; Attempt = $_.Attempt } })
'@
        $r.Names | Should -Be @('gpt-realtime')
        $r.Attempts.Status | Should -Be @(429, 429, 200)
    }

    It 'ends a persistent 503 with DeploymentReadServiceError after -MaxRetries' {
        Set-EmulatorScenario -Emulator $DefaultEmu flaky-503 -FailureRate 1 -Target arm | Out-Null
        $r = Invoke-DeploymentScript $DefaultEmu @'
$out.Get = ErrorOf { Get-RealtimeDeployment -MaxRetries 1 }
$out.Attempts = @(Get-RealtimeExchange | ForEach-Object StatusCode)
'@
        $r.Get.Id | Should -Be @('DeploymentReadServiceError,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $r.Get.Category | Should -Be @('ResourceUnavailable')
        $r.Get.Message[0] | Should -Match '503 ServiceUnavailable'
        $r.Attempts | Should -Be @(503, 503)
    }

    It 'reports a gateway HTML page as a service error, not a crash' {
        Set-EmulatorScenario -Emulator $DefaultEmu html-502 -Target arm | Out-Null
        $r = Invoke-DeploymentScript $DefaultEmu @'
$out.Test = ErrorOf { Test-RealtimeDeployment -Deployment gpt-realtime -MaxRetries 0 }
'@
        $r.Test.Id | Should -Be @('DeploymentReadServiceError,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
        $r.Test.Message[0] | Should -Match '\b502\b'
        $r.Test.Output | Should -BeNullOrEmpty
    }
}

Describe 'An ARM read that never answers' -Tag Slow {
    It 'ends at -TimeoutSec with DeploymentReadTimeout' {
        Set-EmulatorScenario -Emulator $DefaultEmu hang -Target arm | Out-Null
        try {
            $r = Invoke-DeploymentScript $DefaultEmu @'
$out.Get = ErrorOf { Get-RealtimeDeployment -TimeoutSec 2 -MaxRetries 0 }
'@
        }
        finally { Set-EmulatorScenario -Emulator $DefaultEmu healthy | Out-Null }
        $r.Get.Id | Should -Be @('DeploymentReadTimeout,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand')
        $r.Get.Category | Should -Be @('OperationTimeout')
        $r.Get.Message[0] | Should -Match "Reading account 'rtops-demo' from Azure Resource Manager"
    }
}
