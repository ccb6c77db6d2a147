import { useState, type FormEvent } from 'react';
import { LoginDocument, RegisterDocument } from '../__generated__/graphql';
import { describeError, useApi } from '../api/context';
import { errorFor, Field, FormErrors, unclaimed, type UserErrorShape } from '../app/forms';

type Mode = 'sign-in' | 'sign-up';

export function SignIn() {
  const { client, session } = useApi();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [errors, setErrors] = useState<UserErrorShape[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    setFailure(undefined);
    try {
      const payload =
        mode === 'sign-in'
          ? (await client.request(LoginDocument, { input: { email, password } })).login
          : (await client.request(RegisterDocument, { input: { email, password, displayName } })).register;
      if (payload.userErrors.length > 0 || !payload.user || !payload.accessToken || !payload.refreshToken) {
        setErrors(payload.userErrors);
        return;
      }
      session.set(payload.user.id, payload.accessToken, payload.refreshToken, payload.expiresIn ?? 900);
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  const claimed = ['email', 'password', 'displayName'];
  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <h1 className="brand-title">
          <span className="logo" aria-hidden="true">
            P
          </span>
          Paygraph
        </h1>
        <div
          className="tabs"
          role="tablist"
          aria-label="Account"
          onKeyDown={(e) => {
            // The ARIA tabs pattern: arrow keys move between the two tabs.
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            const next: Mode = mode === 'sign-in' ? 'sign-up' : 'sign-in';
            setMode(next);
            document.getElementById(`tab-${next}`)?.focus();
          }}
        >
          {(['sign-in', 'sign-up'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              id={`tab-${m}`}
              aria-selected={mode === m}
              tabIndex={mode === m ? 0 : -1}
              aria-controls="auth-form"
              className={mode === m ? 'tab active' : 'tab'}
              onClick={() => {
                setMode(m);
                setErrors([]);
                setFailure(undefined);
              }}
            >
              {m === 'sign-in' ? 'Sign in' : 'Create account'}
            </button>
          ))}
        </div>
        <form id="auth-form" role="tabpanel" aria-labelledby={`tab-${mode}`} onSubmit={submit} noValidate>
          <h2>{mode === 'sign-in' ? 'Sign in to your account' : 'Create your account'}</h2>
          {mode === 'sign-up' && (
            <Field
              label="Display name"
              name="displayName"
              autoComplete="name"
              required
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              error={errorFor(errors, 'displayName')}
            />
          )}
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errorFor(errors, 'email')}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errorFor(errors, 'password')}
            hint={mode === 'sign-up' ? '10 to 128 characters; not a common password, nor your name or email.' : undefined}
          />
          <FormErrors errors={[...unclaimed(errors, claimed), ...(failure ? [failure] : [])]} />
          <button className="primary" type="submit" disabled={busy}>
            {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
          </button>
        </form>
      </div>
    </main>
  );
}
