import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  casesRoutes,
  personRelations,
  type CaseDetail,
  type Identity,
  type Revealed,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import { RouterAnchor } from '../../components/RouterLinks';
import { Section } from './CaseSection';
import { caseKey, isMinorOn, useAction } from './cases.queries';
import { useQueryClient } from '@tanstack/react-query';
import { UserText } from '../../components/UserText';

type Relation = (typeof personRelations)[number];
type RevealedPerson = Revealed['persons'][number];

const reasonPresets = ['intervention', 'contact', 'coordinate', 'follow-up', 'other'] as const;
type Preset = (typeof reasonPresets)[number];

/** Why this person cannot open the identities here, in words (never just a missing button). */
function whyNot(c: CaseDetail, t: (k: string) => string): string {
  if (c.stage === 'rejected') return t('cases.whyNotRejected');
  if (c.myRoles.length === 0) return t('cases.whyNotAssigned');
  if (!c.access.disclosureBasisRecorded) return t('cases.whyNotBasis');
  return t('cases.whyNotRole');
}

/**
 * Identities, hidden by default. Opening them asks for a reason (audited, one row per person) and
 * keeps the answer in the page's state; "Hide" drops it.
 */
export function IdentityPanel({
  c,
  revealed,
  setRevealed,
}: {
  c: CaseDetail;
  revealed: Revealed | null;
  setRevealed: Dispatch<SetStateAction<Revealed | null>>;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const [asking, setAsking] = useState(false);
  const [preset, setPreset] = useState<Preset | ''>('');
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const reveal = useAction();
  const me = useMe();
  // Focus follows the panel's state, so a keyboard or screen-reader user lands on what just appeared.
  const revealedRef = useRef<HTMLDivElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasRevealed = useRef(false);
  useEffect(() => {
    if (revealed && !wasRevealed.current) revealedRef.current?.focus();
    if (!revealed && wasRevealed.current) openRef.current?.focus();
    wasRevealed.current = !!revealed;
  }, [revealed]);
  const presetLabel = preset && preset !== 'other' ? t(`cases.reason.${preset}`) : '';
  const reason = [presetLabel, text.trim()].filter(Boolean).join(': ');
  const reasonOk = !!preset && reason.length >= 5 && (preset !== 'other' || text.trim().length >= 5);
  const open = async () => {
    const r = await reveal.run(() =>
      call(casesRoutes.reveal, { params: { cityId, caseId: c.id }, body: { reason } }),
    );
    if (r) {
      setRevealed(r);
      setAsking(false);
      setPreset('');
      setText('');
    }
  };
  const minors = c.persons.filter((p) => p.isMinor);
  // Restricted content exists: persons, a plan, assessment texts or follow-up notes.
  const somethingToOpen =
    c.persons.length > 0 || c.hasPlan || c.assessments.length > 0 || c.followUps.some((f) => f.hasNote);
  return (
    <Section id="case-identity" title={t('cases.identityTitle')} testId="case-identity">
      <Text size="sm">
        {t('cases.personsCount', { count: c.persons.length })}
        {minors.length > 0 ? ` · ${t('cases.minorsCount', { count: minors.length })}` : ''}
      </Text>
      {minors.some((p) => !p.hasGuardian) && (
        <Alert color="orange" data-testid="case-minor-no-guardian">
          {t('cases.minorWithoutGuardian')}
        </Alert>
      )}
      {!c.access.canOpenIdentity ? (
        <Alert color="gray" title={t('cases.identityClosedTitle')} data-testid="identity-why-not">
          {whyNot(c, t)}
        </Alert>
      ) : me.data && !me.data.user.twoFactorEnabled ? (
        <Alert color="orange" title={t('cases.identityClosedTitle')} data-testid="identity-needs-2fa">
          <Text size="sm">{t('cases.identityNeeds2fa')}</Text>
          <RouterAnchor to="/account/two-factor" fw={600}>
            {t('cases.setUp2fa')}
          </RouterAnchor>
        </Alert>
      ) : revealed ? (
        <Stack
          gap="sm"
          data-testid="identity-revealed"
          ref={revealedRef}
          tabIndex={-1}
          role="group"
          aria-label={t('cases.identityTitle')}
          style={{ outline: 'none' }}
        >
          <Alert color="blue" variant="light">
            {t('cases.revealedNotice')}
          </Alert>
          {revealed.persons.length === 0 && <Text c="dimmed">{t('cases.noPersons')}</Text>}
          {revealed.persons.map((p, i) =>
            editing === p.id ? (
              <PersonForm
                key={p.id}
                c={c}
                person={p}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setRevealed(
                    (current) =>
                      current && {
                        ...current,
                        persons: current.persons.map((x) => (x.id === saved.id ? saved : x)),
                      },
                  );
                }}
              />
            ) : removing === p.id ? (
              <RemovePersonForm
                key={p.id}
                c={c}
                personId={p.id}
                n={i + 1}
                onCancel={() => setRemoving(null)}
                onRemoved={() => {
                  setRemoving(null);
                  // Functional: if "Hide" came first, the identities stay hidden.
                  setRevealed(
                    (current) =>
                      current && { ...current, persons: current.persons.filter((x) => x.id !== p.id) },
                  );
                }}
              />
            ) : (
              <PersonCard
                key={p.id}
                p={p}
                n={i + 1}
                onEdit={c.access.canWork && c.stage !== 'closed' ? () => setEditing(p.id) : undefined}
                onRemove={c.access.canOpenIdentity ? () => setRemoving(p.id) : undefined}
              />
            ),
          )}
          <Button
            variant="default"
            onClick={() => setRevealed(null)}
            style={{ alignSelf: 'flex-start' }}
            data-testid="identity-hide"
          >
            {t('cases.hideIdentity')}
          </Button>
        </Stack>
      ) : asking ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (reasonOk) void open();
          }}
        >
          <Stack gap="sm">
            <NativeSelect
              label={t('cases.revealReason')}
              autoFocus
              required
              value={preset}
              data={[
                { value: '', label: t('cases.choose') },
                ...reasonPresets.map((p) => ({ value: p, label: t(`cases.reason.${p}`) })),
              ]}
              onChange={(e) => setPreset(e.currentTarget.value as Preset)}
              data-testid="reveal-preset"
            />
            <TextInput
              label={preset === 'other' ? t('cases.revealReasonOther') : t('cases.revealReasonMore')}
              required={preset === 'other'}
              {...limit(LIMITS.reason - (presetLabel ? presetLabel.length + 2 : 0), text)}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={
                preset === 'other' && text.trim().length > 0 && text.trim().length < 5
                  ? t('cases.reasonTooShort')
                  : null
              }
              data-testid="reveal-reason"
            />
            <Text size="xs" c="dimmed">
              {t('cases.revealAudited')}
            </Text>
            <ErrorAlert error={reveal.error} />
            <Group gap="xs">
              <Button type="submit" disabled={!reasonOk} loading={reveal.pending} data-testid="reveal-submit">
                {t('cases.openIdentity')}
              </Button>
              <Button variant="subtle" onClick={() => setAsking(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : !somethingToOpen ? (
        <Text c="dimmed">{t('cases.noPersons')}</Text>
      ) : (
        <Button
          ref={openRef}
          onClick={() => setAsking(true)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="identity-open"
        >
          {t('cases.openIdentity')}
        </Button>
      )}
      {c.access.canWork && c.stage !== 'closed' && (
        <>
          {adding ? (
            <PersonForm
              c={c}
              onCancel={() => setAdding(false)}
              onSaved={(saved) => {
                setRevealed((current) => current && { ...current, persons: [...current.persons, saved] });
              }}
              onDone={() => setAdding(false)}
            />
          ) : (
            <Button
              variant="default"
              onClick={() => setAdding(true)}
              style={{ alignSelf: 'flex-start' }}
              data-testid="person-add"
            >
              {t('cases.addPerson')}
            </Button>
          )}
        </>
      )}
    </Section>
  );
}

/** Removing a person recorded by mistake: a reason is required and goes into the audit log. */
function RemovePersonForm({
  c,
  personId,
  n,
  onCancel,
  onRemoved,
}: {
  c: CaseDetail;
  personId: string;
  n: number;
  onCancel: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const action = useAction();
  const ok = reason.trim().length >= 5;
  const submit = async () => {
    const r = await action.run(() =>
      call(casesRoutes.removePerson, {
        params: { cityId, caseId: c.id, personId },
        body: { reason: reason.trim() },
      }),
    );
    if (!r) return;
    queryClient.setQueryData(caseKey(cityId, c.id), r);
    onRemoved();
  };
  return (
    <Card withBorder padding="sm" data-testid="person-remove-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('cases.removePersonN', { n })}
          </Title>
          <Text size="sm">{t('cases.removePersonHelp')}</Text>
          <TextInput
            label={t('cases.removePersonReason')}
            required
            {...limit(LIMITS.reason, reason)}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reason.trim().length > 0 && !ok ? t('cases.reasonTooShort') : null}
            data-testid="person-remove-reason"
          />
          <ErrorAlert error={action.error} />
          <Group gap="xs">
            <Button
              type="submit"
              color="red"
              disabled={!ok}
              loading={action.pending}
              data-testid="person-remove-submit"
            >
              {t('cases.removePerson')}
            </Button>
            <Button variant="subtle" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function PersonCard({
  p,
  n,
  onEdit,
  onRemove,
}: {
  p: RevealedPerson;
  n: number;
  onEdit?: () => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = p.identity;
  return (
    <Card withBorder padding="sm" data-testid="identity-person">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5" dir="auto" data-testid="identity-name">
            {id.givenName} {id.familyName}
          </Title>
          <Group gap={6}>
            <Badge variant="light">{t(`cases.relation.${p.relation}`)}</Badge>
            {onEdit && (
              <Button size="xs" variant="subtle" onClick={onEdit} aria-label={t('cases.editPersonN', { n })}>
                {t('cases.edit')}
              </Button>
            )}
            {onRemove && (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={onRemove}
                aria-label={t('cases.removePersonN', { n })}
                data-testid="person-remove"
              >
                {t('cases.remove')}
              </Button>
            )}
          </Group>
        </Group>
        {p.isMinor && (
          <Alert
            color="yellow"
            variant="filled"
            c="dark"
            title={t('cases.minorTitle')}
            data-testid="identity-minor"
          >
            <Text size="sm" c="dark">
              {t('cases.minorBody')}
            </Text>
            {id.guardians.length === 0 ? (
              <Text size="sm" fw={700} c="dark">
                {t('cases.noGuardian')}
              </Text>
            ) : (
              <Stack component="ul" gap={2} mt={4} style={{ paddingInlineStart: '1.25rem', margin: 0 }}>
                {id.guardians.map((g, i) => (
                  <li key={i}>
                    <Text size="sm" c="dark" dir="auto" data-testid="identity-guardian">
                      <UserText>{g.name}</UserText> ({g.relationship}){g.phone ? ` · ` : ''}
                      {g.phone && <span dir="ltr">{g.phone}</span>}
                    </Text>
                  </li>
                ))}
              </Stack>
            )}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={4} verticalSpacing={4}>
          {id.dateOfBirth && <Line label={t('cases.fieldDob')} value={format.date(id.dateOfBirth)} />}
          {id.phone && <Line label={t('cases.fieldPhone')} value={id.phone} ltr />}
          {id.email && <Line label={t('cases.fieldEmail')} value={id.email} ltr />}
          {id.address && <Line label={t('cases.fieldAddress')} value={id.address} />}
        </SimpleGrid>
        {!p.isMinor && id.guardians.length > 0 && (
          <Text size="sm" dir="auto">
            {t('cases.guardians')}: {id.guardians.map((g) => `${g.name} (${g.relationship})`).join('; ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Line({ label, value, ltr }: { label: string; value: string; ltr?: boolean }) {
  return (
    <Text size="sm">
      <Text span fw={700} size="sm">
        {label}:
      </Text>{' '}
      <span dir={ltr ? 'ltr' : 'auto'}>{value}</span>
    </Text>
  );
}

interface GuardianDraft {
  name: string;
  relationship: string;
  phone: string;
}

/** Record or correct a person: identity fields, guardians (required for a minor), duplicate answer. */
function PersonForm({
  c,
  person,
  onCancel,
  onSaved,
  onDone,
}: {
  c: CaseDetail;
  person?: RevealedPerson;
  onCancel: () => void;
  onSaved: (p: RevealedPerson) => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const queryClient = useQueryClient();
  const action = useAction();
  const init = person?.identity;
  const [relation, setRelation] = useState<Relation>(person?.relation ?? 'subject');
  const [v, setV] = useState({
    givenName: init?.givenName ?? '',
    familyName: init?.familyName ?? '',
    dateOfBirth: init?.dateOfBirth ?? '',
    phone: init?.phone ?? '',
    email: init?.email ?? '',
    address: init?.address ?? '',
  });
  const [guardians, setGuardians] = useState<GuardianDraft[]>(
    (init?.guardians ?? []).map((g) => ({
      name: g.name,
      relationship: g.relationship,
      phone: g.phone ?? '',
    })),
  );
  const [touched, setTouched] = useState(false);
  const [answer, setAnswer] = useState<{ possibleDuplicate: boolean; matchingReferences: string[] } | null>(
    null,
  );
  const minor = isMinorOn(v.dateOfBirth);
  const completeGuardians = guardians.filter((g) => g.name.trim() && g.relationship.trim());
  const errors = {
    givenName: !v.givenName.trim(),
    familyName: !v.familyName.trim(),
    email: !!v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim()),
    guardians: minor && completeGuardians.length === 0,
  };
  const invalid = Object.values(errors).some(Boolean);
  const set = (patch: Partial<typeof v>) => setV((prev) => ({ ...prev, ...patch }));
  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const identity: Identity = {
      givenName: v.givenName.trim(),
      familyName: v.familyName.trim(),
      dateOfBirth: v.dateOfBirth || undefined,
      phone: v.phone.trim() || undefined,
      email: v.email.trim() || undefined,
      address: v.address.trim() || undefined,
      guardians: completeGuardians.map((g) => ({
        name: g.name.trim(),
        relationship: g.relationship.trim(),
        phone: g.phone.trim() || undefined,
      })),
    };
    if (person) {
      const r = await action.run(() =>
        call(casesRoutes.updatePerson, {
          params: { cityId, caseId: c.id, personId: person.id },
          body: { relation, identity },
        }),
      );
      if (!r) return;
      await queryClient.invalidateQueries({ queryKey: caseKey(cityId, c.id) });
      onSaved({
        ...person,
        relation,
        identity,
        isMinor: r.isMinor,
        hasGuardian: identity.guardians.length > 0,
      });
      return;
    }
    const r = await action.run(() =>
      call(casesRoutes.addPerson, { params: { cityId, caseId: c.id }, body: { relation, identity } }),
    );
    if (!r) return;
    await queryClient.invalidateQueries({ queryKey: caseKey(cityId, c.id) });
    onSaved({
      id: r.personId,
      relation,
      identity,
      isMinor: r.isMinor,
      hasGuardian: identity.guardians.length > 0,
    });
    setAnswer({ possibleDuplicate: r.possibleDuplicate, matchingReferences: r.matchingReferences });
  };
  if (answer)
    return (
      <Stack gap="sm" data-testid="person-saved">
        <Alert color="teal" role="status">
          {t('cases.personSaved')}
        </Alert>
        <Alert
          color={answer.possibleDuplicate ? 'orange' : 'gray'}
          title={answer.possibleDuplicate ? t('cases.duplicateTitle') : undefined}
          data-testid="person-duplicate"
          data-duplicate={answer.possibleDuplicate}
        >
          {answer.possibleDuplicate ? (
            <>
              <Text size="sm">{t('cases.duplicateBody')}</Text>
              {answer.matchingReferences.length > 0 ? (
                <Text size="sm" mt={4}>
                  {t('cases.duplicateReferences')}{' '}
                  <span dir="ltr" data-testid="person-duplicate-refs">
                    {answer.matchingReferences.join(', ')}
                  </span>
                </Text>
              ) : (
                <Text size="sm" mt={4}>
                  {t('cases.duplicateHidden')}
                </Text>
              )}
            </>
          ) : (
            t('cases.noDuplicate')
          )}
        </Alert>
        <Button
          variant="default"
          onClick={onDone}
          style={{ alignSelf: 'flex-start' }}
          data-testid="person-done"
        >
          {t('cases.done')}
        </Button>
      </Stack>
    );
  return (
    <Card withBorder padding="md" data-testid="person-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {person ? t('cases.editPerson') : t('cases.addPerson')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('cases.personEncrypted')}
          </Text>
          <NativeSelect
            label={t('cases.fieldRelation')}
            value={relation}
            data={personRelations.map((r) => ({ value: r, label: t(`cases.relation.${r}`) }))}
            onChange={(e) => setRelation(e.currentTarget.value as Relation)}
            data-testid="person-relation"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('cases.fieldGivenName')}
              required
              {...limit(LIMITS.givenName, v.givenName)}
              autoComplete="off"
              value={v.givenName}
              error={touched && errors.givenName ? t('cases.fieldRequired') : null}
              onChange={(e) => set({ givenName: e.currentTarget.value })}
              data-testid="person-given"
            />
            <TextInput
              label={t('cases.fieldFamilyName')}
              required
              {...limit(LIMITS.givenName, v.familyName)}
              autoComplete="off"
              value={v.familyName}
              error={touched && errors.familyName ? t('cases.fieldRequired') : null}
              onChange={(e) => set({ familyName: e.currentTarget.value })}
              data-testid="person-family"
            />
            <TextInput
              type="date"
              label={t('cases.fieldDob')}
              value={v.dateOfBirth}
              max={new Date().toISOString().slice(0, 10)}
              onChange={(e) => set({ dateOfBirth: e.currentTarget.value })}
              data-testid="person-dob"
            />
            <TextInput
              type="tel"
              label={t('cases.fieldPhone')}
              dir="ltr"
              {...limit(LIMITS.phone, v.phone)}
              autoComplete="off"
              value={v.phone}
              onChange={(e) => set({ phone: e.currentTarget.value })}
              data-testid="person-phone"
            />
            <TextInput
              type="email"
              label={t('cases.fieldEmail')}
              dir="ltr"
              maxLength={LIMITS.email}
              autoComplete="off"
              value={v.email}
              error={touched && errors.email ? t('cases.emailInvalid') : null}
              onChange={(e) => set({ email: e.currentTarget.value })}
              data-testid="person-email"
            />
          </SimpleGrid>
          <Textarea
            label={t('cases.fieldAddress')}
            autosize
            minRows={1}
            {...limit(LIMITS.contact, v.address)}
            value={v.address}
            onChange={(e) => set({ address: e.currentTarget.value })}
            data-testid="person-address"
          />
          {minor && (
            <Alert
              color="yellow"
              variant="filled"
              c="dark"
              role="status"
              title={t('cases.minorTitle')}
              data-testid="person-minor-warning"
            >
              <Text size="sm" c="dark">
                {t('cases.minorFormBody')}
              </Text>
            </Alert>
          )}
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={700} size="sm">
              {t('cases.guardians')}
              {minor ? ' *' : ''}
            </Text>
            {guardians.map((g, i) => (
              <Card key={i} withBorder padding="xs" data-testid="guardian-row">
                <Group align="end" gap="xs" wrap="wrap">
                  <TextInput
                    label={t('cases.fieldGuardianName')}
                    value={g.name}
                    {...limit(LIMITS.personName, g.name)}
                    autoComplete="off"
                    style={{ flex: '1 1 10rem' }}
                    onChange={(e) =>
                      setGuardians(
                        guardians.map((x, k) => (k === i ? { ...x, name: e.currentTarget.value } : x)),
                      )
                    }
                    data-testid="guardian-name"
                  />
                  <TextInput
                    label={t('cases.fieldGuardianRelationship')}
                    value={g.relationship}
                    {...limit(LIMITS.relationship, g.relationship)}
                    style={{ flex: '1 1 8rem' }}
                    onChange={(e) =>
                      setGuardians(
                        guardians.map((x, k) =>
                          k === i ? { ...x, relationship: e.currentTarget.value } : x,
                        ),
                      )
                    }
                    data-testid="guardian-relationship"
                  />
                  <TextInput
                    type="tel"
                    dir="ltr"
                    label={t('cases.fieldPhone')}
                    value={g.phone}
                    {...limit(LIMITS.phone, g.phone)}
                    style={{ flex: '1 1 8rem' }}
                    onChange={(e) =>
                      setGuardians(
                        guardians.map((x, k) => (k === i ? { ...x, phone: e.currentTarget.value } : x)),
                      )
                    }
                    data-testid="guardian-phone"
                  />
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={t('cases.removeGuardian', { n: i + 1 })}
                    onClick={() => setGuardians(guardians.filter((_, k) => k !== i))}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              </Card>
            ))}
            {touched && errors.guardians && (
              <Text c="red.9" size="sm" role="alert" data-testid="guardian-required">
                {t('cases.guardianRequired')}
              </Text>
            )}
            {guardians.length < 4 && (
              <Button
                variant="default"
                size="xs"
                onClick={() => setGuardians([...guardians, { name: '', relationship: '', phone: '' }])}
                style={{ alignSelf: 'flex-start' }}
                data-testid="guardian-add"
              >
                {t('cases.addGuardian')}
              </Button>
            )}
          </Stack>
          <ErrorAlert error={action.error} />
          <Group gap="xs">
            <Button type="submit" loading={action.pending} data-testid="person-save">
              {person ? t('common.save') : t('cases.savePerson')}
            </Button>
            <Button variant="subtle" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
