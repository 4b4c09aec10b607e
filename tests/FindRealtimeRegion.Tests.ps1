# Live model availability, quota and retirement end to end: Get-RealtimeModel -Location, Find-RealtimeRegion and the live
# region and retirement checks of Test-RealtimeDeployment, in fresh pwsh processes against the emulator over HTTPS with a
# managed identity (the real Azure.Identity ManagedIdentityCredential). The emulator's retiring model is 45 days from its
# own clock, so the 90-day rule gives the same answer on any day.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest -NoModule   # the module runs in fresh processes only

    $config = @{
        accounts = @(
            @{
                name = 'rtops-demo'; resourceGroup = 'rg-realtime'; location = 'swedencentral'
                deployments = @(
                    @{ name = 'gpt-realtime'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'GlobalStandard'; capacity = 5 }
                    @{ name = 'gpt-4o-transcribe'; model = 'gpt-4o-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 5 }
                    @{ name = 'realtime-preview'; model = 'gpt-4o-realtime-preview'; version = '2024-12-17'; sku = 'GlobalStandard'; capacity = 1 }
                    @{ name = 'realtime-standard'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'Standard'; capacity = 1 }
                )
            }
            @{
                name = 'rtops-centralus'; resourceGroup = 'rg-realtime'; location = 'centralus'
                deployments = @(
                    @{ name = 'gpt-realtime'; model = 'gpt-realtime'; version = '2025-08-28'; sku = 'GlobalStandard'; capacity = 5 }
                    @{ name = 'stt-centralus'; model = 'gpt-4o-transcribe'; version = '2025-03-20'; sku = 'GlobalStandard'; capacity = 5 }
                )
            }
        )
    }
    $script:ConfigPath = Join-Path ([IO.Path]::GetTempPath()) ("ro-regions-{0}.json" -f [guid]::NewGuid().ToString('n'))
    $config | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ConfigPath
    $script:Emu = Start-RealtimeOpsEmulator -Https -ConfigPath $ConfigPath
    $script:Forbidden = Start-RealtimeOpsEmulator -Https -Scenario arm-forbidden

    # Runs $Body connected with -Identity (and the emulator's subscription and first account) in a fresh pwsh that trusts the
    # emulator's certificate; $Body fills the ordered hashtable $out, which comes back decoded. Capture { } returns a command's
    # output, errors and warnings as plain data.
    function Invoke-LiveScript([object] $Emulator, [string] $Body) {
        $script = @'
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$module = '__MODULE__'; $base = '__BASE__'; $sub = '__SUB__'
Import-Module $module
Connect-RealtimeOps -Endpoint $base -Identity -SubscriptionId $sub -ResourceGroupName rg-realtime -AccountName rtops-demo -ResourceManagerEndpoint $base
function Capture([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    $all = @(try { & $Command 2>&1 3>&1 } catch { $_ })
    [ordered]@{
        Output   = @($all | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] -and $_ -isnot [Management.Automation.WarningRecord] })
        Errors   = @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] } | ForEach-Object {
                [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Target = "$($_.TargetObject)"; Message = "$($_.ErrorDetails.Message ?? $_.Exception.Message)"; Action = "$($_.ErrorDetails.RecommendedAction)" } })
        Warnings = @($all | Where-Object { $_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message)
    }
}
$out = [ordered]@{}
'@
        $script = $script.Replace('__MODULE__', (Get-RealtimeOpsModulePath)).Replace('__BASE__', $Emulator.BaseUri).Replace('__SUB__', $Emulator.SubscriptionId) +
            "`n$Body`n`$out | ConvertTo-Json -Depth 10 -Compress"
        $savedCert = $env:SSL_CERT_FILE
        $savedIdentity = Set-EmulatorIdentityEnvironment -Emulator $Emulator
        $env:SSL_CERT_FILE = $Emulator.CertificatePath
        try { $run = Invoke-FreshPwsh -Script $script -TimeoutSeconds 180 }
        finally {
            $env:SSL_CERT_FILE = $savedCert
            Restore-EmulatorIdentityEnvironment -Previous $savedIdentity
        }
        if ($run.ExitCode -eq 0 -and $run.StdOut) { return ConvertFrom-Json -InputObject $run.StdOut -AsHashtable }
        throw "The live script failed with exit code $($run.ExitCode): $($run.StdErr)"
    }
}

AfterAll {
    foreach ($emulator in @($script:Emu, $script:Forbidden)) { if ($emulator) { Stop-RealtimeOpsEmulator -Emulator $emulator } }
    Remove-Item -LiteralPath $script:ConfigPath -ErrorAction Ignore
}

Describe 'Get-RealtimeModel -Location with managed identity' -Tag Slow {
    BeforeAll {
        Clear-EmulatorRequest -Emulator $Emu
        $script:M = Invoke-LiveScript -Emulator $Emu -Body @'
$before = [DateTime]::UtcNow
$live = @(Get-RealtimeModel -Location swedencentral)
$after = [DateTime]::UtcNow
$out.Models = @($live | ForEach-Object { [ordered]@{
    Name = $_.Name; Version = ($_.Versions -join ','); Kind = "$($_.Kind)"; Regions = @($_.Regions); Source = $_.Source; IsLive = $_.IsLive
    AsOfInRead = ($_.AsOf -ge $before.AddSeconds(-1) -and $_.AsOf -le $after); AsOfKind = "$($_.AsOf.Kind)"; Lifecycle = $_.LifecycleStatus
    Retires = if ($_.RetirementDate) { $_.RetirementDate.ToString('yyyy-MM-dd') } else { $null }; Default = $_.IsDefaultVersion; MaxCapacity = $_.MaxCapacity
    Skus = @($_.Skus | ForEach-Object { [ordered]@{ Name = $_.Name; Usage = $_.UsageName; Used = $_.QuotaUsed; Limit = $_.QuotaLimit; Left = $_.QuotaLeft
        Capacity = "$($_.MinimumCapacity)/$($_.DefaultCapacity)/$($_.MaximumCapacity)"; RateLimits = @($_.RateLimits | ForEach-Object { "$($_.Key)=$($_.Count)/$($_.RenewalPeriod)s" }) } })
} })
$out.TypeNames = @($live[0].PSObject.TypeNames)
$out.Table = Get-RealtimeModel -Location swedencentral -Name gpt-realtime | Out-String -Width 250
$out.Offline = Get-RealtimeModel -Name gpt-realtime | ForEach-Object { [ordered]@{ IsLive = $_.IsLive; AsOf = $_.AsOf.ToString('yyyy-MM-dd'); Source = $_.Source } }
$out.TwoRegions = @(Get-RealtimeModel -Location centralus, 'East US 2' -Kind Transcription | ForEach-Object { "$($_.Regions[0])/$($_.Name)" })
$out.Dated = @(Get-RealtimeModel -Location swedencentral -Name gpt-realtime-mini-2025-12-15 | ForEach-Object { "$($_.Name) $($_.Versions[0])" })
$out.NotOffered = Capture { Get-RealtimeModel -Location centralus -Name gpt-4o-transcribe, gpt-realtime }
$out.BadRegion = Capture { Get-RealtimeModel -Location 'north/../pole' }
$out.BadSub = Capture { Get-RealtimeModel -Location swedencentral -SubscriptionId 'not-a-guid' }
$out.Operations = @(Get-RealtimeExchange | Where-Object Operation -like 'ListLocation*' | ForEach-Object { "$($_.Operation) $($_.StatusCode)" })
'@
        $script:Requests = @(Get-EmulatorRequest -Emulator $Emu -Path '/subscriptions/*/locations/swedencentral/*')
    }

    It 'returns the region''s realtime and transcription models, and only those, as RealtimeModel objects from ARM' {
        $M.TypeNames[0] | Should -Be 'RealtimeOps.Engine.Catalog.RealtimeModel#Live'
        $M.TypeNames | Should -Contain 'RealtimeOps.Engine.Catalog.RealtimeModel'
        ($M.Models | ForEach-Object { "$($_.Name) $($_.Version)" }) | Should -Be @(
            'gpt-realtime 2025-08-28', 'gpt-realtime-mini 2025-10-06', 'gpt-realtime-mini 2025-12-15', 'gpt-4o-realtime-preview 2024-12-17',
            'gpt-4o-transcribe 2025-03-20', 'gpt-4o-mini-transcribe 2025-03-20', 'gpt-4o-transcribe-diarize 2025-10-15', 'whisper-1 001')
        ($M.Models | Where-Object Name -eq 'whisper-1').Kind | Should -Be 'Transcription'
        ($M.Models | Where-Object Name -eq 'gpt-realtime').Kind | Should -Be 'Realtime'
    }

    It 'says the data is live: Source names Azure Resource Manager, AsOf is the time of the read (UTC)' {
        foreach ($m in $M.Models) {
            $m.IsLive | Should -BeTrue
            $m.Source | Should -Match '^Azure Resource Manager, Models - List and Usages \(https://learn\.microsoft\.com/rest/api/aiservices/accountmanagement/models/list\)$'
            $m.AsOfInRead | Should -BeTrue
            $m.AsOfKind | Should -Be 'Utc'
            $m.Regions | Should -Be @('swedencentral')
        }
    }

    It 'carries lifecycle, retirement date, default version, SKUs, capacity, rate limits and the quota used, limit and left' {
        $rt = $M.Models | Where-Object Name -eq 'gpt-realtime'
        $rt.Lifecycle | Should -Be 'GenerallyAvailable'
        $rt.Retires | Should -Match '^\d{4}-\d{2}-\d{2}$'
        $rt.Default | Should -BeTrue
        $rt.MaxCapacity | Should -Be 1000
        $rt.Skus.Count | Should -Be 1
        $rt.Skus[0].Name | Should -Be 'GlobalStandard'
        $rt.Skus[0].Usage | Should -Be 'OpenAI.GlobalStandard.gpt-realtime'
        $rt.Skus[0].Used | Should -Be 10
        $rt.Skus[0].Limit | Should -Be 100
        $rt.Skus[0].Left | Should -Be 90
        $rt.Skus[0].Capacity | Should -Be '1/10/1000'
        $rt.Skus[0].RateLimits | Should -Be @('request=6/60s', 'token=1000/60s')
        $preview = $M.Models | Where-Object Name -eq 'gpt-4o-realtime-preview'
        $preview.Lifecycle | Should -Be 'Deprecating'
        ([datetime]$preview.Retires - [datetime]$rt.Retires).TotalDays | Should -BeLessThan 0 -Because 'the preview model retires first'
        ($M.Models | Where-Object { $_.Name -eq 'gpt-realtime-mini' -and $_.Version -eq '2025-12-15' }).Default | Should -BeFalse
    }

    It 'follows nextLink through every page of the model list' {
        $models = @($Requests | Where-Object path -like '*/models')
        $models.Count | Should -Be 9 -Because 'three calls read swedencentral (the list, the table, the dated name), three pages each'
        @($models | Where-Object query -like '*$skipToken=4*').Count | Should -Be 3
        @($models | Where-Object query -like '*$skipToken=8*').Count | Should -Be 3
        $models | ForEach-Object { $_.query | Should -Match 'api-version=2024-10-01' }
        $models | ForEach-Object { $_.headers.Authorization | Should -Match '^Bearer .+' }
        $M.Operations | Should -Contain 'ListLocationModels 200'
        $M.Operations | Should -Contain 'ListLocationUsages 200'
    }

    It 'shows a live table: region, name, version, kind, lifecycle, retirement, SKUs with quota left, read time' {
        $M.Table | Should -Match 'Region\s+Name\s+Version\s+Kind\s+Lifecycle\s+Retires\s+Skus\s+AsOf'
        $M.Table | Should -Match 'swedencentral\s+gpt-realtime\s+2025-08-28\s+Realtime\s+GenerallyAvailable\s+\d{4}-\d{2}-\d{2}\s+GlobalStandard \(90 of 100 left\)'
    }

    It 'stays offline without -Location, with the catalog''s date' {
        $M.Offline.IsLive | Should -BeFalse
        $M.Offline.AsOf | Should -Match '^\d{4}-\d{2}-\d{2}$'
        $M.Offline.Source | Should -Not -Match 'Azure Resource Manager'
    }

    It 'reads several regions and finds a dated catalog name as name and version' {
        $M.TwoRegions | Should -Be @('eastus2/gpt-4o-transcribe', 'eastus2/gpt-4o-mini-transcribe')
        $M.Dated | Should -Be @('gpt-realtime-mini 2025-12-15')
    }

    It 'writes ModelNotOfferedInRegion for a model the region does not list, and returns the others' {
        $M.NotOffered.Output.Name | Should -Be @('gpt-realtime')
        $M.NotOffered.Errors.Id | Should -Be @('ModelNotOfferedInRegion,RealtimeOps.Cmdlets.GetRealtimeModelCommand')
        $M.NotOffered.Errors[0].Category | Should -Be 'ObjectNotFound'
        $M.NotOffered.Errors[0].Message | Should -Match "centralus does not offer a realtime or transcription model named 'gpt-4o-transcribe'"
    }

    It 'rejects a region or subscription that could not be a URL segment before any request' {
        $M.BadRegion.Errors.Id | Should -Be @('RegionNotRecognized,RealtimeOps.Cmdlets.GetRealtimeModelCommand')
        $M.BadSub.Errors.Id | Should -Be @('ModelListParameterInvalid,RealtimeOps.Cmdlets.GetRealtimeModelCommand')
        $M.BadSub.Errors[0].Message | Should -Match "'not-a-guid' is not a subscription id"
    }
}

Describe 'Find-RealtimeRegion with managed identity' -Tag Slow {
    BeforeAll {
        $script:F = Invoke-LiveScript $Emu @'
$found = Capture { Find-RealtimeRegion -Model gpt-realtime, gpt-4o-transcribe -Verbose 4>&1 }
$out.Found = @($found.Output | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] } | ForEach-Object { [ordered]@{
    Type = $_.GetType().FullName; Region = $_.Region; DisplayName = $_.DisplayName; Sku = $_.Sku; SubscriptionId = $_.SubscriptionId; AsOf = $_.AsOf.ToString('o')
    Models = @($_.Models | ForEach-Object { [ordered]@{ Model = $_.Model; Version = $_.Version; QuotaLeft = $_.QuotaLeft; Retires = $_.RetirementDate.ToString('yyyy-MM-dd') } }) } })
$out.Verbose = @($found.Output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
$out.Errors = $found.Errors
$out.Table = Find-RealtimeRegion -Model gpt-realtime, gpt-4o-transcribe -Location swedencentral | Out-String -Width 250
$out.Piped = @('gpt-realtime' | Find-RealtimeRegion -Location eastus2, centralus, 'Sweden Central' | ForEach-Object Region)
$out.FromCatalog = @(Get-RealtimeModel -Name gpt-4o-mini-transcribe | Find-RealtimeRegion -Location eastus2, centralus | ForEach-Object Region)
$out.MinimumCapacity = Capture { Find-RealtimeRegion -Model gpt-realtime -Location swedencentral -MinimumCapacity 91 }
$out.MinimumCapacityOk = @(Find-RealtimeRegion -Model gpt-realtime -Location swedencentral -MinimumCapacity 90 | ForEach-Object Region)
$out.Standard = @(Find-RealtimeRegion -Model whisper-1 -Sku Standard -Location swedencentral, eastus2 | ForEach-Object { "$($_.Region)/$($_.Sku)/$($_.Models[0].QuotaLeft)" })
$out.Retiring = @(Find-RealtimeRegion -Model gpt-4o-realtime-preview -Location swedencentral | ForEach-Object { $_.Models[0].RetirementDate.ToString('yyyy-MM-dd') })
$out.PreviewRetires = (Get-RealtimeModel -Location swedencentral -Name gpt-4o-realtime-preview).RetirementDate.ToString('yyyy-MM-dd')
$out.Requests = @(Get-RealtimeExchange | Where-Object Operation -eq 'ListLocationModels' | ForEach-Object { ([uri]$_.Url).Segments[-2].TrimEnd('/') } | Sort-Object -Unique)
'@
    }

    It 'returns only the regions that offer every model with quota left: not eastus2 (no transcribe quota), not centralus (no transcribe)' {
        $F.Found.Region | Should -Be @('swedencentral')
        $F.Errors | Should -BeNullOrEmpty
        $r = $F.Found[0]
        $r.Type | Should -Be 'RealtimeOps.Engine.Availability.RealtimeRegionAvailability'
        $r.DisplayName | Should -Be 'Sweden Central'
        $r.Sku | Should -Be 'GlobalStandard'
        $r.SubscriptionId | Should -Be $Emu.SubscriptionId
        ($r.Models | ForEach-Object { "$($_.Model) $($_.Version) $($_.QuotaLeft)" }) | Should -Be @('gpt-realtime 2025-08-28 90', 'gpt-4o-transcribe 2025-03-20 80')
        $r.Models | ForEach-Object { $_.Retires | Should -Match '^\d{4}-\d{2}-\d{2}$' }
    }

    It 'searches every region the catalog lists by default and says in -Verbose why a region does not qualify' {
        $F.Requests | Should -Contain 'swedencentral'
        $F.Requests | Should -Contain 'southindia'
        $F.Requests.Count | Should -BeGreaterThan 20
        $F.Verbose | Should -Contain ('swedencentral: offers gpt-realtime 2025-08-28 (90 left, retires ' + $F.Found[0].Models[0].Retires + '), gpt-4o-transcribe 2025-03-20 (80 left, retires ' + $F.Found[0].Models[1].Retires + ').')
        ($F.Verbose | Where-Object { $_ -like 'eastus2:*' }) | Should -Match 'gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20: 0 of 50 quota left \(50 used\), fewer than 1'
        ($F.Verbose | Where-Object { $_ -like 'centralus:*' }) | Should -Match 'gpt-4o-transcribe: not offered in centralus'
    }

    It 'shows a table with the models, the smallest quota left and the earliest retirement' {
        $F.Table | Should -Match 'Region\s+Sku\s+QuotaLeft\s+Retires\s+AsOf\s+Models'
        $F.Table | Should -Match 'swedencentral\s+GlobalStandard\s+80\s+\d{4}-\d{2}-\d{2}\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+gpt-realtime 2025-08-28 \(90 left, retires \d{4}-\d{2}-\d{2}\); gpt-4o-transcribe 2025-03-20 \(80 left, retires \d{4}-\d{2}-\d{2}\)'
    }

    It 'takes models from the pipeline, by value and from Get-RealtimeModel objects, and keeps the -Location order' {
        $F.Piped | Should -Be @('eastus2', 'centralus', 'swedencentral')
        $F.FromCatalog | Should -Be @('eastus2')
    }

    It 'applies -MinimumCapacity to the quota left, and says so when nothing qualifies' {
        $F.MinimumCapacity.Output | Should -BeNullOrEmpty
        $F.MinimumCapacity.Warnings[0] | Should -Match 'None of the 1 region\(s\) searched offers gpt-realtime as GlobalStandard with at least 91 quota left'
        $F.MinimumCapacityOk | Should -Be @('swedencentral')
    }

    It 'searches another deployment type with -Sku' {
        $F.Standard | Should -Be @('swedencentral/Standard/3')
    }

    It 'keeps a model that retires soon, with its retirement date, the same date Get-RealtimeModel reads' {
        $F.Retiring | Should -Be @($F.PreviewRetires)
    }
}

Describe 'Test-RealtimeDeployment with live model data' -Tag Slow {
    BeforeAll {
        $script:T = Invoke-LiveScript $Emu @'
function Checks($r) { $h = [ordered]@{}; foreach ($c in $r.Checks) { $h["$($c.Name)"] = [ordered]@{ Status = "$($c.Status)"; Source = $c.Source; Reason = $c.Reason } }; $h }
$out.Healthy = Checks (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe)
$out.Preview = Checks (Test-RealtimeDeployment -Deployment realtime-preview)
$out.PreviewVerdict = "$((Test-RealtimeDeployment -Deployment realtime-preview).Verdict)"
$out.Standard = Checks (Test-RealtimeDeployment -Deployment realtime-standard)
$out.Central = Checks (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment stt-centralus -AccountName rtops-centralus)
$out.PreviewRetires = (Get-RealtimeModel -Location swedencentral -Name gpt-4o-realtime-preview).RetirementDate.ToString('yyyy-MM-dd')
$out.Offline = Checks (Test-RealtimeDeployment -Deployment gpt-realtime -TranscriptionDeployment gpt-4o-transcribe -Offline -Region swedencentral)
'@
    }

    It 'judges the region and retirement checks on the live list and says so' {
        foreach ($name in 'RegionOffersModel', 'PreviewModelRetirement', 'TranscriptionRegionOffersModel', 'TranscriptionModelRetirement') {
            $T.Healthy[$name].Status | Should -Be 'Passed'
            $T.Healthy[$name].Source | Should -Be 'Live'
            $T.Healthy[$name].Reason | Should -Match 'live model list from Azure Resource Manager, read \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC'
        }
        $T.Healthy.RegionOffersModel.Reason | Should -Match '^Sweden Central \(swedencentral\) offers gpt-realtime 2025-08-28 as GlobalStandard'
        $T.Healthy.TranscriptionModelRetirement.Reason | Should -Match '^gpt-4o-transcribe 2025-03-20 retires on \d{4}-\d{2}-\d{2}, more than 90 days away'
        $T.Healthy.DeploymentExists.Source | Should -Be ''
    }

    It 'warns with the live retirement date of a model that retires within 90 days' {
        $T.Preview.PreviewModelRetirement.Status | Should -Be 'Warning'
        $T.Preview.PreviewModelRetirement.Source | Should -Be 'Live'
        $T.Preview.PreviewModelRetirement.Reason | Should -Match ([regex]::Escape("gpt-4o-realtime-preview 2024-12-17 retires on $($T.PreviewRetires), in 45 days"))
        $T.Preview.PreviewModelRetirement.Reason | Should -Match 'lifecycle Deprecating\)\. Deploy a current version before that date\.'
        $T.Preview.PreviewModelRetirement.Reason | Should -Match 'gpt-4o-realtime-preview is a preview model; Azure .*2026-04-30 \(Microsoft Learn, Realtime API preview to GA migration guide, https://learn\.microsoft\.com/[^)]+\)'
        $T.PreviewVerdict | Should -Be 'Warning'
    }

    It 'fails the region check when the live list does not offer the deployment''s SKU or model' {
        $T.Standard.RegionOffersModel.Status | Should -Be 'Failed'
        $T.Standard.RegionOffersModel.Reason | Should -Match 'offers gpt-realtime 2025-08-28 but not as Standard .*; it offers it as GlobalStandard\.'
        $T.Central.TranscriptionRegionOffersModel.Status | Should -Be 'Failed'
        $T.Central.TranscriptionRegionOffersModel.Source | Should -Be 'Live'
        $T.Central.TranscriptionRegionOffersModel.Reason | Should -Match '^Central US \(centralus\) does not offer gpt-4o-transcribe 2025-03-20 \(live model list.*The region offers no transcription model\.$'
        $T.Central.RegionOffersModel.Status | Should -Be 'Passed'
    }

    It 'uses the dated catalog offline and says so' {
        $T.Offline.RegionOffersModel.Source | Should -Be 'Catalog'
        $T.Offline.RegionOffersModel.Reason | Should -Match 'catalog as of \d{4}-\d{2}-\d{2}'
        $T.Offline.TranscriptionModelRetirement.Source | Should -Be 'Catalog'
    }
}

Describe 'Live model reads without the Reader role' -Tag Slow {
    BeforeAll {
        $script:D = Invoke-LiveScript $Forbidden @'
$out.Model = Capture { Get-RealtimeModel -Location swedencentral }
$out.Find = Capture { Find-RealtimeRegion -Model gpt-realtime }
$out.ApiKey = Capture { Get-RealtimeModel -Location swedencentral -Endpoint $base -ApiKey (ConvertTo-SecureString 'emulator-key-0001' -AsPlainText -Force) -SubscriptionId $sub }
$out.Reads = @(Get-RealtimeExchange | Where-Object { $_.Operation -eq 'ListLocationModels' -and $_.StatusCode }).Count
'@
        $script:ForbiddenReads = @(Get-EmulatorRequest -Emulator $Forbidden -Path '/subscriptions/*/models').Count
    }

    It 'writes ModelListReadForbidden naming the Reader role on the subscription (403)' {
        $D.Model.Output | Should -BeNullOrEmpty
        $D.Model.Errors.Id | Should -Be @('ModelListReadForbidden,RealtimeOps.Cmdlets.GetRealtimeModelCommand')
        $D.Model.Errors[0].Category | Should -Be 'PermissionDenied'
        $D.Model.Errors[0].Message | Should -Match 'Not authorized to read the model list of region ''swedencentral'' in subscription .*\(403 AuthorizationFailed\).*Reader role on the subscription'
        $D.Model.Errors[0].Message | Should -Match 'api-key\) do not grant ARM access'
        $D.Model.Errors[0].Action | Should -Match 'az role assignment create --role Reader --scope /subscriptions/'
    }

    It 'stops the region search at the first refusal with one error, not one per region' {
        $D.Find.Output | Should -BeNullOrEmpty
        $D.Find.Errors.Id | Should -Be @('ModelListReadForbidden,RealtimeOps.Cmdlets.FindRealtimeRegionCommand')
        $D.Find.Errors[0].Message | Should -Match 'Reader role on the subscription'
        $ForbiddenReads | Should -BeLessOrEqual 5 -Because 'Get-RealtimeModel read one region; the search only the regions already in flight (four at a time)'
        $D.Reads | Should -BeLessOrEqual $ForbiddenReads
    }

    It 'says an api key grants no ARM access, before any request' {
        $D.ApiKey.Errors.Id | Should -Be @('ModelListReadNeedsEntraIdentity,RealtimeOps.Cmdlets.GetRealtimeModelCommand')
        $D.ApiKey.Errors[0].Category | Should -Be 'AuthenticationError'
        $D.ApiKey.Errors[0].Message | Should -Match 'data-plane keys \(api-key\) do not grant ARM access'
    }
}

Describe 'Stopping a region search' -Tag Slow {
    BeforeAll {
        Clear-EmulatorRequest -Emulator $Emu
        $null = Set-EmulatorScenario -Emulator $Emu hang -Target arm
        try {
            $script:S = Invoke-LiveScript -Emulator $Emu -Body @'
$runspace = [runspacefactory]::CreateRunspace(); $runspace.Open()
$ps = [powershell]::Create(); $ps.Runspace = $runspace
$null = $ps.AddScript("Import-Module '$module'; Connect-RealtimeOps -Endpoint '$base' -Identity -SubscriptionId '$sub' -ResourceManagerEndpoint '$base'; Find-RealtimeRegion -Model gpt-realtime -Location swedencentral, eastus2 -TimeoutSec 120")
$handle = $ps.BeginInvoke()
# Wait (bounded) until the emulator holds both hanging reads, then press Ctrl+C.
for ($i = 0; $i -lt 400; $i++) {
    $log = Invoke-RestMethod -Uri "$base/_emulator/requests" -SkipCertificateCheck
    $held = @($log | Where-Object { $_.path -like '*/locations/*' -and $null -eq $_.status }).Count
    if ($held -ge 2) { break }
    Start-Sleep -Milliseconds 50
}
$out.Held = $held
$ps.Stop()
$out.State = "$($ps.InvocationStateInfo.State)"
$after = [powershell]::Create(); $after.Runspace = $runspace
$null = $after.AddScript('Get-RealtimeExchange | Where-Object Operation -like "ListLocation*" | ForEach-Object { "$($_.StatusCode)|$($_.Error)" }')
$out.Exchanges = @($after.Invoke())
'@
        }
        finally { $null = Set-EmulatorScenario -Emulator $Emu healthy }
    }

    It 'stops on Ctrl+C while the reads hang, cancelling them rather than waiting for -TimeoutSec' {
        $S.Held | Should -Be 2 -Because 'both regions were being read, two at a time, when the search was stopped'
        $S.State | Should -Be 'Stopped'
        $S.Exchanges.Count | Should -Be 2
        $S.Exchanges | ForEach-Object { $_ | Should -Match '^\|.*cancelled by the caller' }
    }
}
